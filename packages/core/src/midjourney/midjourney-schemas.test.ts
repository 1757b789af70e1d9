import { describe, expect, it } from "vitest";
import { checkMidjourneyTaskId, isMidjourneyTaskId } from "./midjourney-schemas.js";

describe("the task-id check", () => {
  it.each(["6558a19c0bfe4600011437cd", "6558A19C0BFE4600011437CD"])("accepts %j", (id) => {
    expect(isMidjourneyTaskId(id)).toBe(true);
    expect(checkMidjourneyTaskId(id)).toBe(id);
  });

  it.each(["", "abc", "zz58a19c0bfe4600011437cd", "6558a19c0bfe4600011437cd0", "sk-live-0123456789abcdef", 42])(
    "refuses %j, without repeating it",
    (value) => {
      expect(isMidjourneyTaskId(value)).toBe(false);
      let error: unknown;
      try {
        checkMidjourneyTaskId(value as string);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: "INVALID_REQUEST", message: expect.stringContaining("24 hexadecimal") });
      if (typeof value === "string" && value !== "") expect((error as Error).message).not.toContain(value);
    },
  );
});
