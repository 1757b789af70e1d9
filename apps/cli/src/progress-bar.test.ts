import { describe, expect, it } from "vitest";
import { ProgressBar, renderProgressLine } from "./progress-bar.js";

const state = (done: number, failed: number, inFlight: [string, number][] = [], total = 10) => ({
  total,
  done,
  failed,
  inFlight: new Map(inFlight),
});

describe("renderProgressLine", () => {
  it("shows files done out of all, and failures", () => {
    expect(renderProgressLine(state(3, 1), 80)).toBe(
      `[${"█".repeat(9)}${"░".repeat(21)}]  30% · 3/10 files · 1 failed`,
    );
    expect(renderProgressLine(state(0, 0, [], 1), 80)).toBe(`[${"░".repeat(30)}]   0% · 0/1 file`);
  });

  it("counts the in-flight percent (Midjourney's) towards the total", () => {
    expect(renderProgressLine(state(0, 0, [["task", 45]], 1), 80)).toMatch(/ 45% · 0\/1 file$/);
    expect(
      renderProgressLine(
        state(
          1,
          0,
          [
            ["a", 50],
            ["b", 50],
          ],
          4,
        ),
        80,
      ),
    ).toMatch(/ 50% · 1\/4 files$/);
  });

  it("fits narrow terminals", () => {
    expect(renderProgressLine(state(3, 0), 30).length).toBeLessThan(30);
    expect(renderProgressLine(state(3, 0), 12)).toBe("30% · 3/10");
  });
});

describe("ProgressBar", () => {
  it("draws on the terminal, keeps printed lines intact, and erases itself when stopped", () => {
    const writes: string[] = [];
    const terminal = { columns: 60, write: (text: string) => writes.push(text) };
    const bar = new ProgressBar(terminal);
    bar.update(state(1, 0, [], 2));
    expect(writes.join("")).toMatch(/50% · 1\/2 files$/);
    writes.length = 0;
    bar.print(terminal, "a.png → a@2x.png\n");
    expect(writes[0]).toBe("\r\x1b[2K");
    expect(writes[1]).toBe("a.png → a@2x.png\n");
    expect(writes[2]).toMatch(/50% · 1\/2 files$/);
    writes.length = 0;
    bar.stop();
    expect(writes).toEqual(["\r\x1b[2K"]);
    bar.print(terminal, "summary\n");
    expect(writes).toEqual(["\r\x1b[2K", "summary\n"]);
  });
});
