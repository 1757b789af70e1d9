import type { TaskLedger } from "@upscale/core";
import type { ApiKeys, Vendor } from "./api-keys.js";
import type { OutputLog } from "./output-log.js";
import type { ErrorActions } from "./show-error.js";

/** What every command works with, made once at activation. */
export interface Services {
  keys: ApiKeys;
  log: OutputLog;
  /** Paid Midjourney tasks not yet saved, in globalState: they survive a reload. */
  ledger: TaskLedger;
  /**
   * Buttons for an error notification: Set API Key for `vendor` (then `retry`, when given), Retry with `retry`,
   * Resume by task id; the key masking and the log every notification uses.
   */
  errorActions(vendor: Vendor | undefined, retry?: () => unknown): ErrorActions;
}
