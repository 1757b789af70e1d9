import { describe, expect, it } from "vitest";
import { imageTypeOfName, looksLikeResult, resultFileName, scaleSuffix, upsampleSuffix } from "./output-name.js";

describe("resultFileName", () => {
  it("adds the suffix and keeps the input's extension when the type is unchanged", () => {
    expect(resultFileName("photo.JPEG", "@2x", "image/jpeg")).toBe("photo@2x.JPEG");
    expect(resultFileName("a.b.png", "@4x", "image/png")).toBe("a.b@4x.png");
  });

  it("switches the extension when the result has another type", () => {
    expect(resultFileName("photo.jpg", "@2x", "image/webp")).toBe("photo@2x.webp");
    expect(resultFileName("shot.png", "@3x", "image/jpeg")).toBe("shot@3x.jpg");
  });

  it("handles names without an extension and dot files", () => {
    expect(resultFileName("scan", "@2x", "image/png")).toBe("scan@2x.png");
    expect(resultFileName(".hidden", "@2x", "image/png")).toBe(".hidden@2x.png");
  });
});

describe("suffixes", () => {
  it("names the factor the provider really applied", () => {
    expect(scaleSuffix(512, 1024)).toBe("@2x");
    expect(scaleSuffix(333, 999)).toBe("@3x");
    expect(scaleSuffix(1000, 1500)).toBe("@1.5x");
    expect(scaleSuffix(1000, 2048)).toBe("@2.05x");
    expect(upsampleSuffix(4)).toBe("@u4");
  });
});

describe("name checks", () => {
  it("knows image types by extension", () => {
    expect(imageTypeOfName("x.WebP")).toBe("image/webp");
    expect(imageTypeOfName("x.jpe")).toBe("image/jpeg");
    expect(imageTypeOfName("x.gif")).toBeUndefined();
    expect(imageTypeOfName("png")).toBeUndefined();
  });

  it("recognises this tool's own results", () => {
    for (const name of ["a@2x.png", "a@1.5x.jpg", "grid@u3.PNG", "x@2x@4x.webp"])
      expect(looksLikeResult(name)).toBe(true);
    for (const name of ["a.png", "me@home.png", "a@2x.png.bak", "u@u5.png"]) expect(looksLikeResult(name)).toBe(false);
  });
});
