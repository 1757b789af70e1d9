import type { LedgerEntry, LedgerStorage } from "@upscale/core";

const LEDGER_KEY = "upscale-midjourney-ledger";

/**
 * The core's ledger of paid Midjourney tasks, kept in `figma.clientStorage` so a task survives the plugin being
 * closed mid-way: reopening finds it and resumes it instead of paying again. Anything unreadable (an older
 * format, a hand edit) counts as no entry rather than stopping the plugin.
 */
export function clientStorageLedger(): LedgerStorage {
  return {
    async load() {
      const value: unknown = await figma.clientStorage.getAsync(LEDGER_KEY);
      return Array.isArray(value) ? value.filter(isEntry) : [];
    },
    async save(entries) {
      await figma.clientStorage.setAsync(LEDGER_KEY, entries.slice());
    },
  };
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.taskId === "string" &&
    (entry.kind === "imagine" || entry.kind === "upsample" || entry.kind === "variation") &&
    typeof entry.createdAt === "number"
  );
}
