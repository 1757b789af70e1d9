import { describe, expect, it } from "vitest";
import { createFigmaFake } from "./create-figma-fake.js";

describe("figma.clientStorage", () => {
  it("gets, sets, deletes and lists keys asynchronously", async () => {
    const fake = createFigmaFake();
    const storage = fake.figma.clientStorage;
    expect(await storage.getAsync("missing")).toBeUndefined();
    await storage.setAsync("a", 1);
    await storage.setAsync("b", { nested: [1, 2] });
    expect((await storage.keysAsync()).sort()).toEqual(["a", "b"]);
    await storage.deleteAsync("a");
    expect(fake.storage()).toEqual({ b: { nested: [1, 2] } });
  });

  it("stores structured clones: later changes to the object do not leak in, functions are refused", async () => {
    const { figma } = createFigmaFake();
    const value = { list: [1], bytes: new Uint8Array([7, 8]) };
    await figma.clientStorage.setAsync("v", value);
    value.list.push(2);
    const read = await figma.clientStorage.getAsync("v");
    expect(read).toEqual({ list: [1], bytes: new Uint8Array([7, 8]) });
    expect(read).not.toBe(value);
    await expect(figma.clientStorage.setAsync("f", { run() {} })).rejects.toThrow("could not be cloned");
  });

  it("refuses to grow past 5 MB, but lets an entry be replaced within it", async () => {
    const { figma } = createFigmaFake();
    const megabytes = (n: number) => "x".repeat(n * 1024 * 1024);
    await figma.clientStorage.setAsync("big", megabytes(3));
    await expect(figma.clientStorage.setAsync("more", megabytes(3))).rejects.toThrow("5 MB");
    await figma.clientStorage.setAsync("big", megabytes(3));
    expect(await figma.clientStorage.keysAsync()).toEqual(["big"]);
  });

  it("survives closing and reopening the plugin", async () => {
    const fake = createFigmaFake();
    await fake.figma.clientStorage.setAsync("task", "t-1");
    fake.figma.closePlugin();
    const figma = fake.reopen();
    expect(await figma.clientStorage.getAsync("task")).toBe("t-1");
  });
});
