import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { createTaskLedger, type LedgerEntry, type LedgerStorage, type TaskLedger } from "@upscale/core";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * Where the CLI keeps the paid work it has not saved yet — Midjourney tasks and Ideogram generations:
 * `$XDG_STATE_HOME/upscale` (by default `~/.local/state/upscale`), so `upscale resume` finds them from any folder,
 * after any crash. (The name is from when it held Midjourney tasks only; kept so no unfinished task is lost.)
 */
export function ledgerPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME?.trim() || join(homedir(), ".local", "state");
  return join(state, "upscale", "midjourney-tasks.json");
}

/** The CLI's task ledger over its JSON file, and a ledger-error handler that warns once, through `note`. */
export function openTaskLedger(env: NodeJS.ProcessEnv): {
  ledger: TaskLedger;
  path: string;
  onLedgerError: (note: (text: string) => void) => (error: unknown) => void;
} {
  const path = ledgerPath(env);
  let warned = false;
  return {
    ledger: createTaskLedger(jsonFileLedgerStorage(path)),
    path,
    onLedgerError: (note) => (error) => {
      if (warned) return;
      warned = true;
      const reason = error instanceof Error ? error.message : String(error);
      note(`Could not record the task in ${path} (${reason}); its id is printed here instead.`);
    },
  };
}

/**
 * The ledger's JSON file. Each save is atomic (temp file, then rename), so a crash leaves the old list or the
 * new one. Two runs at once (two terminals) each save what they changed, not their whole view: the file is read
 * again and this run's additions and removals are applied to it, so neither run drops the other's tasks.
 * What the file holds is checked by the core's ledger (bad entries are dropped), so here any unreadable file
 * simply counts as empty.
 */
export function jsonFileLedgerStorage(path: string): LedgerStorage {
  /** This run's view as of its last load or save: what its next changes are measured against. */
  let base: LedgerEntry[] = [];
  return {
    async load() {
      base = await readEntries(path);
      return base;
    },
    async save(entries) {
      const ids = (list: readonly LedgerEntry[]) => new Set(list.map((entry) => entry.taskId));
      const kept = ids(entries);
      const before = ids(base);
      const removed = new Set([...before].filter((id) => !kept.has(id)));
      const current = (await readEntries(path)).filter((entry) => !removed.has(entry.taskId));
      const present = ids(current);
      const merged = [
        ...current,
        ...entries.filter((entry) => !before.has(entry.taskId) && !present.has(entry.taskId)),
      ];
      await writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(merged, null, 2)}\n`), {
        overwrite: true,
      });
      base = [...entries];
    },
  };
}

async function readEntries(path: string): Promise<LedgerEntry[]> {
  try {
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    return Array.isArray(value) ? (value as LedgerEntry[]) : [];
  } catch {
    return [];
  }
}
