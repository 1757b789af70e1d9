import * as z from "zod";
import { midjourneyTaskIdSchema } from "../midjourney/midjourney-schemas.js";
import { InputError } from "../outcome/errors.js";
import { IDEOGRAM_GENERATION_ID_PATTERN } from "../vendor-facts/ideogram-v2.js";

/** A paid task that exists at the vendor and whose image is not saved yet. */
export interface LedgerEntry {
  /** A GPTunnel task id (24 hex characters), or an Ideogram generation id. */
  taskId: string;
  /** Absent in entries written before Ideogram generations were recorded: those are GPTunnel tasks. */
  vendor?: "gptunnel" | "ideogram";
  /** GPTunnel: imagine, upsample or variation. Ideogram: upscale (a v2 generation). */
  kind: "imagine" | "upsample" | "variation" | "upscale";
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** What the user asked for, to show in a "finish these" list (a prompt, a file name). */
  label?: string;
  parentId?: string;
  index?: number;
  /** The app's own: where the image goes (a file path, a Figma node id). */
  target?: string;
}

/** Where an app keeps the ledger: a JSON file (CLI), `globalState` (VS Code), `clientStorage` (Figma). */
export interface LedgerStorage {
  load(): Promise<LedgerEntry[]>;
  save(entries: readonly LedgerEntry[]): Promise<void>;
}

/** The paid tasks an app still has to finish, over its `LedgerStorage` (`createTaskLedger`). */
export interface TaskLedger {
  /** Records a task; true if it was new. Resolves once the storage has saved it. */
  add(entry: LedgerEntry): Promise<boolean>;
  /** The task needs nothing more: its image was saved, or it failed for good. Resolves once saved. */
  settle(taskId: string): Promise<void>;
  /** Entries still to finish, oldest first. */
  pending(): Promise<LedgerEntry[]>;
}

/**
 * What storage gives back is checked like any outside input (a hand-edited file, another version's data):
 * entries that do not fit are dropped rather than failing the app, and the next save writes the clean list.
 */
const commonFields = {
  createdAt: z.number(),
  label: z.string().optional(),
  parentId: z.string().optional(),
  index: z.number().optional(),
  target: z.string().optional(),
};
/** Each vendor's own id pattern and kinds. */
const ledgerEntrySchema = z.union([
  z.object({
    taskId: midjourneyTaskIdSchema,
    vendor: z.literal("gptunnel").optional(),
    kind: z.enum(["imagine", "upsample", "variation"]),
    ...commonFields,
  }),
  z.object({
    taskId: z.string().regex(IDEOGRAM_GENERATION_ID_PATTERN),
    vendor: z.literal("ideogram"),
    kind: z.literal("upscale"),
    ...commonFields,
  }),
]);

/** A ledger kept in memory only: for tests, and for a session that needs no resume after a restart. */
export function memoryLedgerStorage(initial: LedgerEntry[] = []): LedgerStorage {
  let saved = initial.map(copyEntry);
  return {
    load: async () => saved.map(copyEntry),
    save: async (entries) => {
      saved = entries.map(copyEntry);
    },
  };
}

/**
 * The ledger over `storage`. Loads on first use; every change is saved with the whole list, one save at a time
 * and in call order, so a slow save is never overtaken by an older list. A failed save rejects that call but
 * the change stays in memory, and the next call saves it again: storage catches up with what really happened
 * (a task once paid for still exists even if recording it failed).
 */
export function createTaskLedger(storage: LedgerStorage): TaskLedger {
  let entries: LedgerEntry[] | undefined;
  let unsaved = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `step` after every earlier call has finished, whatever their outcome. */
  function serialised<T>(step: () => Promise<T>): Promise<T> {
    const run = queue.then(step, step);
    queue = run.catch(() => undefined);
    return run;
  }

  async function loaded(): Promise<LedgerEntry[]> {
    if (entries === undefined) entries = parseEntries(await storage.load());
    return entries;
  }

  async function persist(list: LedgerEntry[]): Promise<void> {
    unsaved = true;
    await storage.save(list.map(copyEntry));
    unsaved = false;
  }

  return {
    add: (entry) =>
      serialised(async () => {
        const list = await loaded();
        const checked = ledgerEntrySchema.safeParse(entry);
        if (!checked.success) {
          throw new InputError(
            "INVALID_REQUEST",
            "A ledger entry needs its vendor's task id (GPTunnel: 24 hex characters; Ideogram: a generation id), " +
              "its kind and when it was created.",
          );
        }
        const isNew = !list.some((existing) => existing.taskId === entry.taskId);
        if (isNew) list.push(copyEntry(checked.data));
        if (isNew || unsaved) await persist(list);
        return isNew;
      }),
    settle: (taskId) =>
      serialised(async () => {
        const list = await loaded();
        const kept = list.filter((entry) => entry.taskId !== taskId);
        if (kept.length === list.length && !unsaved) return;
        entries = kept;
        await persist(kept);
      }),
    pending: () => serialised(async () => (await loaded()).map(copyEntry)),
  };
}

function parseEntries(value: unknown): LedgerEntry[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];
  for (const item of value) {
    const parsed = ledgerEntrySchema.safeParse(item);
    if (!parsed.success || seen.has(parsed.data.taskId)) continue;
    seen.add(parsed.data.taskId);
    entries.push(parsed.data);
  }
  return entries;
}

function copyEntry(entry: LedgerEntry): LedgerEntry {
  const copy: LedgerEntry = { taskId: entry.taskId, kind: entry.kind, createdAt: entry.createdAt };
  if (entry.vendor !== undefined) copy.vendor = entry.vendor;
  // Only keys that are set: Figma's clientStorage and VS Code's globalState store undefined differently.
  if (entry.label !== undefined) copy.label = entry.label;
  if (entry.parentId !== undefined) copy.parentId = entry.parentId;
  if (entry.index !== undefined) copy.index = entry.index;
  if (entry.target !== undefined) copy.target = entry.target;
  return copy;
}
