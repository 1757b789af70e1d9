import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { LedgerEntry, LedgerStorage } from "@upscale/core";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * Where the CLI keeps the Midjourney tasks it has paid for and not saved yet: `$XDG_STATE_HOME/upscale` (by
 * default `~/.local/state/upscale`), so `upscale midjourney resume` finds them from any folder, after any crash.
 */
export function ledgerPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME?.trim() || join(homedir(), ".local", "state");
  return join(state, "upscale", "midjourney-tasks.json");
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
