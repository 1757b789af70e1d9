import { expect, it } from "vitest";
import { serialised } from "./serialised.js";

it("runs one call at a time, in call order, even after a failure", async () => {
  const log: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const step = serialised(async (name: string) => {
    log.push(`start ${name}`);
    if (name === "a") await gate;
    if (name === "b") throw new Error("b failed");
    log.push(`end ${name}`);
    return name;
  });
  const a = step("a");
  const b = step("b");
  const c = step("c");
  await Promise.resolve();
  expect(log).toEqual(["start a"]);
  release();
  expect(await a).toBe("a");
  await expect(b).rejects.toThrow("b failed");
  expect(await c).toBe("c");
  expect(log).toEqual(["start a", "end a", "start b", "start c", "end c"]);
});
