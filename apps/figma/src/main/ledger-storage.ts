import type { LedgerEntry, LedgerStorage } from "@upscale/core";

const LEDGER_KEY = "upscale-midjourney-ledger";

/**
 * The core's ledger of paid Midjourney tasks, kept in `figma.clientStorage` so a task survives the plugin being
 * closed mid-way: reopening finds it and resumes it instead of paying again. What is stored is handed over as
 * it is: the core's ledger checks every entry (an older format, a hand edit) and drops what does not fit.
 */
export function clientStorageLedger(): LedgerStorage {
  return {
    load: async () => (await figma.clientStorage.getAsync(LEDGER_KEY)) as LedgerEntry[],
    async save(entries) {
      await figma.clientStorage.setAsync(LEDGER_KEY, entries.slice());
    },
  };
}
