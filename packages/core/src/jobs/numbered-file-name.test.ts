import { expect, it } from "vitest";
import { numberedFileName } from "./numbered-file-name.js";

it("numbers a taken name before its extension, the CLI's way or VS Code's", () => {
  expect(numberedFileName("a@2x.png", 2, "dash")).toBe("a@2x-2.png");
  expect(numberedFileName("photo@2x.png", 2, "parenthesised")).toBe("photo@2x (2).png");
  expect(numberedFileName("my.photo@3x.webp", 10, "dash")).toBe("my.photo@3x-10.webp");
  expect(numberedFileName("README", 3, "parenthesised")).toBe("README (3)");
  expect(numberedFileName(".hidden", 2, "dash")).toBe(".hidden-2");
});
