import { expect, it } from "vitest";
import { DEFAULT_NAME_TEMPLATE, expandNameTemplate } from "./name-template.js";

it("the default template: name@2x.ext, keeping the original's extension while it names the format", () => {
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "photo.png", 2, "image/png")).toBe("photo@2x.png");
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "photo.JPEG", 4, "image/jpeg")).toBe("photo@4x.JPEG");
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "my.photo.webp", 3, "image/webp")).toBe("my.photo@3x.webp");
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "photo.jpg", 2, "image/png")).toBe("photo@2x.png");
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "scan", 2, "image/png")).toBe("scan@2x.png");
});

it("other templates; placeholders in the input's own name are left alone", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's own placeholder syntax
  expect(expandNameTemplate("big/${name}-${scale}.${ext}", "a.png", 2, "image/png")).toBe("big/a-2.png");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a file really named so
  expect(expandNameTemplate(DEFAULT_NAME_TEMPLATE, "${scale}.png", 2, "image/png")).toBe("${scale}@2x.png");
});
