import { expect, it } from "vitest";
import { providerName, stageWords } from "./stage-words.js";

it("says every stage in words, with the provider's name", () => {
  const name = providerName("ideogram");
  expect(stageWords({ stage: "submitting" }, name)).toBe("sending to Ideogram");
  expect(stageWords({ stage: "processing" }, name)).toBe("Ideogram is upscaling it");
  expect(stageWords({ stage: "waiting" }, providerName("midjourney"))).toBe("Midjourney is working on it");
  expect(stageWords({ stage: "downloading" }, name)).toBe("downloading the result");
  expect(stageWords({ stage: "done" }, name)).toBe("done");
  expect(stageWords({ stage: "processing" }, providerName("local"))).toBe("this computer is upscaling it");
  expect(providerName("another")).toBe("another");
});
