import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { moveToFreedesktopTrash, trashInfo } from "./freedesktop-trash.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "upscale-trash-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("moveToFreedesktopTrash", () => {
  test("the file moves to Trash/files, its info to Trash/info", async () => {
    const file = join(root, "photo@2x.png");
    await writeFile(file, "result bytes");
    const env = { XDG_DATA_HOME: join(root, "data") };
    const when = new Date(2026, 11, 1, 9, 5, 7);
    const trashed = await moveToFreedesktopTrash(file, env, when);
    expect(trashed).toBe(join(root, "data/Trash/files/photo@2x.png"));
    expect(await readFile(trashed, "utf8")).toBe("result bytes");
    expect(await readdir(root)).not.toContain("photo@2x.png");
    expect(await readFile(join(root, "data/Trash/info/photo@2x.png.trashinfo"), "utf8")).toBe(
      `[Trash Info]\nPath=${join(root, "photo%402x.png")}\nDeletionDate=2026-12-01T09:05:07\n`,
    );
  });

  test("a name already in the trash gets a number; nothing is overwritten", async () => {
    const env = { XDG_DATA_HOME: join(root, "data") };
    for (const content of ["first", "second"]) {
      await writeFile(join(root, "a.png"), content);
      await moveToFreedesktopTrash(join(root, "a.png"), env);
    }
    expect((await readdir(join(root, "data/Trash/files"))).sort()).toEqual(["a.2.png", "a.png"]);
    expect(await readFile(join(root, "data/Trash/files/a.png"), "utf8")).toBe("first");
    expect(await readFile(join(root, "data/Trash/files/a.2.png"), "utf8")).toBe("second");
    expect((await readdir(join(root, "data/Trash/info"))).sort()).toEqual(["a.2.png.trashinfo", "a.png.trashinfo"]);
  });

  test("a file that is not there leaves no info behind", async () => {
    const env = { XDG_DATA_HOME: join(root, "data") };
    await expect(moveToFreedesktopTrash(join(root, "missing.png"), env)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(join(root, "data/Trash/info"))).toEqual([]);
  });
});

test("trashInfo encodes the path like a URI path", () => {
  expect(trashInfo("/home/u/my photos/ä#1.png", new Date(2026, 0, 2, 3, 4, 5))).toBe(
    "[Trash Info]\nPath=/home/u/my%20photos/%C3%A4%231.png\nDeletionDate=2026-01-02T03:04:05\n",
  );
});
