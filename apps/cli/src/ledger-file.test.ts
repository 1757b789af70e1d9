import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTaskLedger, type LedgerEntry } from "@upscale/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonFileLedgerStorage, ledgerPath } from "./ledger-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "upscale-ledger-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (n: number): LedgerEntry => ({ taskId: `${n}`.repeat(24).slice(0, 24), kind: "imagine", createdAt: n });

describe("jsonFileLedgerStorage", () => {
  it("keeps paid tasks in a JSON file across runs, creating its folder", async () => {
    const path = join(dir, "state", "upscale", "midjourney-tasks.json");
    const first = createTaskLedger(jsonFileLedgerStorage(path));
    await first.add(entry(1));
    await first.add(entry(2));
    await first.settle(entry(1).taskId);
    const later = createTaskLedger(jsonFileLedgerStorage(path));
    expect(await later.pending()).toEqual([entry(2)]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual([entry(2)]);
  });

  it("two runs at once keep each other's tasks", async () => {
    const path = join(dir, "tasks.json");
    const a = createTaskLedger(jsonFileLedgerStorage(path));
    const b = createTaskLedger(jsonFileLedgerStorage(path));
    await a.pending();
    await b.pending();
    await a.add(entry(1));
    await b.add(entry(2));
    await a.add(entry(3));
    await b.settle(entry(2).taskId);
    await a.settle(entry(1).taskId);
    expect(await createTaskLedger(jsonFileLedgerStorage(path)).pending()).toEqual([entry(3)]);
  });

  it("an unreadable file counts as empty and is replaced by the next save", async () => {
    const path = join(dir, "tasks.json");
    await writeFile(path, "{ not json");
    const ledger = createTaskLedger(jsonFileLedgerStorage(path));
    expect(await ledger.pending()).toEqual([]);
    await ledger.add(entry(4));
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual([entry(4)]);
  });

  it("lives under XDG_STATE_HOME, else ~/.local/state", () => {
    expect(ledgerPath({ XDG_STATE_HOME: "/xdg" })).toBe("/xdg/upscale/midjourney-tasks.json");
    expect(ledgerPath({})).toMatch(/\/\.local\/state\/upscale\/midjourney-tasks\.json$/);
  });
});
