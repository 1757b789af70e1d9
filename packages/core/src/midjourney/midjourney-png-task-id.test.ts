import { describe, expect, it } from "vitest";
import { readPngText, writePngText } from "../image/png-text-chunk.js";
import { InputError } from "../outcome/errors.js";
import { MIDJOURNEY_TASK_ID_KEYWORD, readMidjourneyTaskId, writeMidjourneyTaskId } from "./midjourney-png-task-id.js";

// A 2×1 PNG written by sharp/libspng.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAD0lEQVQImWM4w8BwhoEBAAczAZnw4GPhAAAAAElFTkSuQmCC",
  ),
  (char) => char.charCodeAt(0),
);
const TASK_ID = "6558a19c0bfe4600011437cd";

describe("Midjourney task id in a PNG", () => {
  it("round-trips under its own keyword, and a second write replaces the first", () => {
    const once = writeMidjourneyTaskId(PNG, "0123456789abcdef01234567");
    const twice = writeMidjourneyTaskId(once, TASK_ID);
    expect(readPngText(twice)).toEqual({ [MIDJOURNEY_TASK_ID_KEYWORD]: TASK_ID });
    expect(readMidjourneyTaskId(twice)).toBe(TASK_ID);
  });

  it("reads nothing from a PNG without an id, with an invalid id, or from other bytes", () => {
    expect(readMidjourneyTaskId(PNG)).toBeUndefined();
    expect(readMidjourneyTaskId(writePngText(PNG, { [MIDJOURNEY_TASK_ID_KEYWORD]: "not-a-task" }))).toBeUndefined();
    expect(readMidjourneyTaskId(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBeUndefined();
  });

  it("refuses to write into bytes that are not a PNG", () => {
    expect(() => writeMidjourneyTaskId(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), TASK_ID)).toThrow(InputError);
  });
});
