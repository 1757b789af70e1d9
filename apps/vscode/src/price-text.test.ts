import { expect, test } from "vitest";
import { confirmQuestion, spentMessage, spentUsd } from "./price-text.js";

test("the question before a costly run, in the one form, singular for one image", () => {
  const price = { count: 12, usdMicros: 1_200_000, upperBoundUsdMicros: 1_560_000, qualifier: "estimate" as const };
  expect(confirmQuestion(price, "Topaz Standard V2 ×4")).toBe(
    "Upscale 12 images with Topaz Standard V2 ×4 for about $1.20 (at most $1.56)?",
  );
  expect(confirmQuestion({ ...price, count: 1 }, "Nano Banana Pro 2K")).toMatch(/^Upscale 1 image with Nano Banana/);
});

test("an exact price is asked about as it is: not rounded, not 'about' itself at most", () => {
  const exact = { count: 2, usdMicros: 76_800, upperBoundUsdMicros: 76_800, qualifier: "exact" as const };
  expect(confirmQuestion(exact, "Topaz Standard V2 ×4")).toBe(
    "Upscale 2 images with Topaz Standard V2 ×4 for $0.0768?",
  );
});

test("what was spent: the sum of the costs known, nothing when none is", () => {
  expect(spentUsd([0.0384, undefined, 0.0384])).toBeCloseTo(0.0768);
  expect(spentUsd([undefined])).toBeUndefined();
  expect(spentMessage(3, "Topaz Standard V2 ×4", 0.12)).toBe(
    "Upscale: 3 images upscaled for $0.12 with Topaz Standard V2 ×4.",
  );
  expect(spentMessage(2, "Topaz Standard V2 ×4", 0.0384 + 0.0384)).toBe(
    "Upscale: 2 images upscaled for $0.0768 with Topaz Standard V2 ×4.",
  );
  expect(spentMessage(1, "Ideogram Auto ×2", 0.01)).toBe("Upscale: 1 image upscaled for $0.01 with Ideogram Auto ×2.");
});
