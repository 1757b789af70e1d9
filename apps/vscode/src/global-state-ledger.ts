import type { LedgerEntry, LedgerStorage } from "@upscale/core";
import type * as vscode from "vscode";

/** Named when it held Midjourney tasks only; kept, so tasks recorded by earlier versions are still found. */
const KEY = "upscale.midjourneyLedger";

/**
 * The core's task ledger kept in the extension's globalState: machine-wide, so a task submitted in one window
 * can be resumed from another or after a reload. Entries hold task or generation ids and target URIs, no secrets.
 */
export function globalStateLedgerStorage(state: vscode.Memento): LedgerStorage {
  return {
    // The ledger checks each entry itself and drops what does not fit (another version's data).
    load: async () => {
      const entries = state.get<unknown>(KEY);
      return Array.isArray(entries) ? (entries as LedgerEntry[]) : [];
    },
    save: async (entries) => {
      await state.update(KEY, entries);
    },
  };
}
