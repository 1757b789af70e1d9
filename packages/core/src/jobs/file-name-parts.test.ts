import { describe, expect, it } from "vitest";
import { fileNameParts } from "./file-name-parts.js";

describe("fileNameParts", () => {
  it("splits at the last dot; a leading dot or none leaves no extension", () => {
    expect(fileNameParts("photo@2x.jpeg")).toEqual({ stem: "photo@2x", extension: "jpeg" });
    expect(fileNameParts("a.b.png")).toEqual({ stem: "a.b", extension: "png" });
    expect(fileNameParts(".png")).toEqual({ stem: ".png", extension: "" });
    expect(fileNameParts("README")).toEqual({ stem: "README", extension: "" });
  });
});
