import { expect, test } from "vitest";
import { expandOutputName, numberedName } from "./output-name.js";
import { DEFAULT_OUTPUT_NAME } from "./settings.js";

test("the default template: name@2x.ext, keeping the original's extension while it names the format", () => {
  const template = DEFAULT_OUTPUT_NAME;
  expect(expandOutputName(template, "photo.png", 2, "image/png")).toBe("photo@2x.png");
  expect(expandOutputName(template, "photo.JPEG", 4, "image/jpeg")).toBe("photo@4x.JPEG");
  expect(expandOutputName(template, "my.photo.webp", 3, "image/webp")).toBe("my.photo@3x.webp");
  expect(expandOutputName(template, "photo.jpg", 2, "image/png")).toBe("photo@2x.png");
});

test("other templates, and the names Keep Both tries", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: upscale.outputName's own placeholder syntax
  expect(expandOutputName("big/${name}-${scale}.${ext}", "a.png", 2, "image/png")).toBe("big/a-2.png");
  expect(numberedName("photo@2x.png", 2)).toBe("photo@2x (2).png");
  expect(numberedName("README", 3)).toBe("README (3)");
});
