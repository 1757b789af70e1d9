import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "./cli-errors.js";
import { outputPath, resolveOutTarget } from "./output-path.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-out-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("resolveOutTarget", () => {
  it("defaults to beside each input", async () => {
    expect(await resolveOutTarget(undefined, true)).toEqual({ kind: "beside" });
  });

  it("treats an existing folder, a trailing slash, or several results as a folder", async () => {
    await mkdir(join(dir, "existing"));
    expect(await resolveOutTarget(join(dir, "existing"), false)).toEqual({ kind: "dir", path: join(dir, "existing") });
    expect(await resolveOutTarget(`${dir}/new/`, false)).toEqual({ kind: "dir", path: `${dir}/new/` });
    expect(await resolveOutTarget(join(dir, "many"), true)).toEqual({ kind: "dir", path: join(dir, "many") });
  });

  it("treats anything else as the one result's file", async () => {
    expect(await resolveOutTarget(join(dir, "big.png"), false)).toEqual({ kind: "file", path: join(dir, "big.png") });
  });

  it("refuses an existing file for several results", async () => {
    await writeFile(join(dir, "taken.png"), "x");
    await expect(resolveOutTarget(join(dir, "taken.png"), true)).rejects.toThrow(UsageError);
  });
});

describe("outputPath", () => {
  it("joins the result's name to where it goes", () => {
    expect(outputPath({ kind: "beside" }, "in/photos/a.png", "a@2x.png")).toBe(join("in/photos", "a@2x.png"));
    expect(outputPath({ kind: "beside" }, undefined, "midjourney-x.png")).toBe("midjourney-x.png");
    expect(outputPath({ kind: "dir", path: "out" }, "in/a.png", "a@2x.png")).toBe(join("out", "a@2x.png"));
    expect(outputPath({ kind: "file", path: "big.webp" }, "in/a.png", "a@2x.png")).toBe("big.webp");
  });
});
