import { describe, expect, it } from "vitest";
import { createImageLinkSigner } from "./image-links.js";

describe("image link signer", () => {
  it("verifies its own links until they expire, and nothing else", async () => {
    let now = 1_000;
    const signer = await createImageLinkSigner({ secret: "s".repeat(32), ttlMs: 500, now: () => now });
    const token = await signer.sign("https://cdn.example/a.png?sig=1", "ideogram");
    expect(await signer.verify(token)).toEqual({
      ok: true,
      target: "https://cdn.example/a.png?sig=1",
      vendor: "ideogram",
    });

    const other = await createImageLinkSigner({ secret: "t".repeat(32), ttlMs: 500, now: () => now });
    expect(await other.verify(token)).toEqual({ ok: false, reason: "invalid" });
    const [payload, signature] = token.split(".");
    const flipped = `${payload?.slice(0, -1)}${payload?.endsWith("A") ? "B" : "A"}.${signature}`;
    expect(await signer.verify(flipped)).toEqual({ ok: false, reason: "invalid" });
    expect(await signer.verify("")).toEqual({ ok: false, reason: "invalid" });

    now = 1_500;
    expect(await signer.verify(token)).toEqual({ ok: false, reason: "expired" });
  });
});
