import { describe, expect, it } from "vitest";
import { ResumableTasks, resumeCommand } from "./resumable-tasks.js";

describe("ResumableTasks", () => {
  it("keeps tasks until settled, announcing each id once", () => {
    const tasks = new ResumableTasks();
    expect(tasks.add("a")).toBe(true);
    expect(tasks.add("b")).toBe(true);
    expect(tasks.add("a")).toBe(false);
    tasks.settle("a");
    expect(tasks.pending()).toEqual(["b"]);
    expect(tasks.add("a")).toBe(false);
    expect(tasks.pending()).toEqual(["b"]);
  });

  it("prints the command that resumes them", () => {
    expect(resumeCommand(["a", "b"])).toBe("upscale midjourney resume a b");
  });
});
