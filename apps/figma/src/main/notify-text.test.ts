import { describe, expect, it } from "vitest";
import { NOTIFY_MAX_CHARS, notifyText } from "./notify-text.js";

describe("notifyText", () => {
  it("keeps a short message as it is, on one line", () => {
    expect(notifyText("Upscaled 3 images.\n")).toBe("Upscaled 3 images.");
  });

  it("cuts a long message to 100 characters with an ellipsis", () => {
    const text = notifyText(`${"word ".repeat(40)}end`);
    expect(text.length).toBe(NOTIFY_MAX_CHARS);
    expect(text.endsWith("…")).toBe(true);
  });
});
