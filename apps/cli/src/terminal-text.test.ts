import { describe, expect, it } from "vitest";
import { escapeControls, escapeJsonControls } from "./terminal-text.js";

describe("escapeControls", () => {
  it("shows control characters, DEL, C1 and bidi overrides as escapes, and leaves the rest alone", () => {
    expect(escapeControls("a\x1b[2Jb\r\n\t\x7f\x9b.png")).toBe("a\\x1b[2Jb\\x0d\\x0a\\x09\\x7f\\x9b.png");
    expect(escapeControls("invoice\u202egnp.exe")).toBe("invoice\\u202egnp.exe");
    expect(escapeControls("photo → été@2x.png")).toBe("photo → été@2x.png");
  });
});

describe("escapeJsonControls", () => {
  it("keeps the JSON equal to the same string", () => {
    const name = "a\x1b\x9b\u202e.png";
    const json = escapeJsonControls(JSON.stringify({ name }));
    expect(json).not.toMatch(/[\p{Cc}\u202e]/u);
    expect(JSON.parse(json)).toEqual({ name });
  });
});
