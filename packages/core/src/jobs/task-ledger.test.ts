import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { createTaskLedger, type LedgerEntry, type LedgerStorage, memoryLedgerStorage } from "./task-ledger.js";

const A = "6558a19c0bfe4600011437cd";
const B = "6558a19c0bfe4600011437ce";
const C = "6558a19c0bfe4600011437cf";

function entry(taskId: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return { taskId, kind: "imagine", createdAt: 1_700_000_000_000, ...extra };
}

/** A storage whose saves stay pending until released, recording what was saved and when calls overlapped. */
function slowStorage(initial: unknown = []) {
  const saves: { taskIds: string[]; release: () => void; fail: (error: Error) => void }[] = [];
  let saving = 0;
  let overlapped = false;
  const storage: LedgerStorage = {
    load: async () => initial as LedgerEntry[],
    save: (entries) =>
      new Promise<void>((resolve, reject) => {
        saving += 1;
        if (saving > 1) overlapped = true;
        const done = (settle: () => void) => () => {
          saving -= 1;
          settle();
        };
        saves.push({
          taskIds: entries.map((e) => e.taskId),
          release: done(resolve),
          fail: (error) => done(() => reject(error))(),
        });
      }),
  };
  const tick = () => new Promise((r) => setImmediate(r));
  return { storage, saves, tick, overlapped: () => overlapped };
}

const GENERATION = "Zm9vYmFyLWdlbi0wMDAx";

describe("createTaskLedger", () => {
  it("keeps Ideogram generations beside GPTunnel tasks, each with its vendor's id pattern and kinds", async () => {
    const storage = memoryLedgerStorage([entry(A)]);
    const ledger = createTaskLedger(storage);
    const generation: LedgerEntry = {
      ...entry(GENERATION, { target: "/out/a@4x.png" }),
      vendor: "ideogram",
      kind: "upscale",
    };
    expect(await ledger.add(generation)).toBe(true);
    expect(await createTaskLedger(storage).pending()).toEqual([entry(A), generation]);
    for (const bad of [
      { ...entry(GENERATION), vendor: "ideogram" as const },
      { ...entry(A), kind: "upscale" as const },
      { ...entry("has/a/slash"), vendor: "ideogram" as const, kind: "upscale" as const },
      { ...entry(A), vendor: "midjourney" as never },
    ]) {
      await expect(ledger.add(bad)).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    }
    expect((await ledger.pending()).map((e) => e.taskId)).toEqual([A, GENERATION]);
  });

  it("adds, lists and settles entries, persisting each change", async () => {
    const storage = memoryLedgerStorage();
    const ledger = createTaskLedger(storage);
    expect(await ledger.add(entry(A, { label: "a fox", target: "/out/fox.png" }))).toBe(true);
    expect(await ledger.add(entry(B, { kind: "upsample", parentId: A, index: 2 }))).toBe(true);
    expect(await ledger.add(entry(A))).toBe(false);
    expect((await ledger.pending()).map((e) => e.taskId)).toEqual([A, B]);
    expect(await storage.load()).toEqual([
      entry(A, { label: "a fox", target: "/out/fox.png" }),
      entry(B, { kind: "upsample", parentId: A, index: 2 }),
    ]);
    await ledger.settle(A);
    await ledger.settle(C);
    expect((await storage.load()).map((e) => e.taskId)).toEqual([B]);
  });

  it("reloads what an earlier session left, through a new ledger on the same storage", async () => {
    const storage = memoryLedgerStorage();
    await createTaskLedger(storage).add(entry(A, { label: "left over" }));
    const reopened = createTaskLedger(storage);
    expect(await reopened.pending()).toEqual([entry(A, { label: "left over" })]);
    expect(await reopened.add(entry(A))).toBe(false);
  });

  it("saves one list at a time, in call order, each resolving only once saved", async () => {
    const { storage, saves, tick, overlapped } = slowStorage();
    const ledger = createTaskLedger(storage);
    const order: string[] = [];
    const first = ledger.add(entry(A)).then(() => order.push("add A"));
    const second = ledger.add(entry(B)).then(() => order.push("add B"));
    const third = ledger.settle(A).then(() => order.push("settle A"));
    await tick();
    expect(saves.map((s) => s.taskIds)).toEqual([[A]]);
    expect(order).toEqual([]);
    saves[0]?.release();
    await tick();
    expect(order).toEqual(["add A"]);
    expect(saves.map((s) => s.taskIds)).toEqual([[A], [A, B]]);
    saves[1]?.release();
    await tick();
    saves[2]?.release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(["add A", "add B", "settle A"]);
    expect(saves.map((s) => s.taskIds)).toEqual([[A], [A, B], [B]]);
    expect(overlapped()).toBe(false);
  });

  it("rejects the call whose save failed, keeps the change, and saves it with the next call", async () => {
    const { storage, saves, tick } = slowStorage();
    const ledger = createTaskLedger(storage);
    const first = ledger.add(entry(A));
    await tick();
    saves[0]?.fail(new Error("disk full"));
    await expect(first).rejects.toThrow("disk full");
    // The task exists whatever the disk said: re-adding it is not new, but the list is saved again.
    const again = ledger.add(entry(A));
    await tick();
    expect(saves.map((s) => s.taskIds)).toEqual([[A], [A]]);
    saves[1]?.release();
    expect(await again).toBe(false);
    expect((await ledger.pending()).map((e) => e.taskId)).toEqual([A]);
  });

  it("after a failed settle, the next settle writes the list again, even for an id already gone", async () => {
    const { storage, saves, tick } = slowStorage([entry(A)]);
    const ledger = createTaskLedger(storage);
    const first = ledger.settle(A);
    await tick();
    saves[0]?.fail(new Error("disk full"));
    await expect(first).rejects.toThrow("disk full");
    const again = ledger.settle(A);
    await tick();
    saves[1]?.release();
    await again;
    expect(saves.map((s) => s.taskIds)).toEqual([[], []]);
    expect(await ledger.pending()).toEqual([]);
  });

  it("retries loading after a failed load", async () => {
    let loads = 0;
    const storage: LedgerStorage = {
      load: async () => {
        loads += 1;
        if (loads === 1) throw new Error("storage not ready");
        return [entry(A)];
      },
      save: async () => undefined,
    };
    const ledger = createTaskLedger(storage);
    await expect(ledger.pending()).rejects.toThrow("storage not ready");
    expect((await ledger.pending()).map((e) => e.taskId)).toEqual([A]);
  });

  it("drops stored entries that do not fit, and duplicates, instead of failing", async () => {
    const stored = [entry(A), { taskId: "not-an-id", kind: "imagine", createdAt: 1 }, entry(A), { kind: "x" }, null];
    const ledger = createTaskLedger({ load: async () => stored as LedgerEntry[], save: async () => undefined });
    expect((await ledger.pending()).map((e) => e.taskId)).toEqual([A]);
    const garbage = createTaskLedger({
      load: async () => "{}" as unknown as LedgerEntry[],
      save: async () => undefined,
    });
    expect(await garbage.pending()).toEqual([]);
  });

  it("refuses an entry without a task id, kind or time", async () => {
    const ledger = createTaskLedger(memoryLedgerStorage());
    const error = await failure(ledger.add({ taskId: "sk-secret", kind: "imagine" } as LedgerEntry));
    expect(error).toMatchObject({ name: "InputError", code: "INVALID_REQUEST" });
    expect(error.message).not.toContain("sk-secret");
  });

  it("hands out copies, so callers cannot change what is stored", async () => {
    const initial = [entry(A, { label: "original" })];
    const storage = memoryLedgerStorage(initial);
    initial[0] = entry(B);
    const ledger = createTaskLedger(storage);
    const [listed] = await ledger.pending();
    if (listed !== undefined) listed.label = "changed";
    expect((await ledger.pending())[0]?.label).toBe("original");
  });
});
