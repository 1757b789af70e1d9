import { describe, expect, it } from "vitest";
import {
  imageTypeOfName,
  looksLikeResult,
  resultFileName,
  resultImageType,
  scaleSuffix,
  upsampleSuffix,
} from "./result-file-name.js";

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

describe("resultImageType", () => {
  it("is the requested type, else the input name's, else PNG", () => {
    expect(resultImageType("photo.jpg", "image/webp")).toBe("image/webp");
    expect(resultImageType("photo.jpg")).toBe("image/jpeg");
    expect(resultImageType("photo.PNG")).toBe("image/png");
    expect(resultImageType("scan")).toBe("image/png");
    expect(resultImageType("notes.txt")).toBe("image/png");
  });

  it("gives two inputs that differ only by extension two different result names", () => {
    const names = ["photo.jpg", "photo.png"].map((name) => resultFileName(name, "@2x", resultImageType(name)));
    expect(names).toEqual(["photo@2x.jpg", "photo@2x.png"]);
  });
});

describe("suffixes", () => {
  it("names the factor and the grid quadrant", () => {
    expect(scaleSuffix(2)).toBe("@2x");
    expect(scaleSuffix(4)).toBe("@4x");
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

  it("recognises results", () => {
    for (const name of ["a@2x.png", "a@4x.jpg", "grid@u3.PNG", "x@2x@4x.webp"]) {
      expect(looksLikeResult(name)).toBe(true);
    }
    for (const name of ["a.png", "me@home.png", "a@2x.png.bak", "u@u5.png"]) expect(looksLikeResult(name)).toBe(false);
  });
});
