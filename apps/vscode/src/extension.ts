import { createTaskLedger, redactSecrets } from "@upscale/core";
import * as vscode from "vscode";
import { ApiKeys, clearApiKeyCommand, setApiKeyCommand } from "./api-keys.js";
import { midjourneyImagineCommand } from "./commands/midjourney-imagine.js";
import { midjourneyUpsampleCommand } from "./commands/midjourney-upsample.js";
import { midjourneyVariationCommand } from "./commands/midjourney-variation.js";
import { resumeTaskCommand } from "./commands/resume-task.js";
import { showBalanceCommand } from "./commands/show-balance.js";
import { upscaleImageCommand } from "./commands/upscale-image.js";
import { upscaleImageWithCommand } from "./commands/upscale-image-with.js";
import { registerCompare } from "./compare/register-compare.js";
import { globalStateLedgerStorage } from "./global-state-ledger.js";
import { migrateSettingsKeys } from "./migrate-settings-keys.js";
import { OutputLog } from "./output-log.js";
import type { Services } from "./services.js";
import { describeSettings, readSettings } from "./settings.js";

/** Set by the bundle's first line (scripts/build.mjs), so the log can tell loading from activating. */
declare const __upscaleLoadStarted: number | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const keys = new ApiKeys(context.secrets);
  const log = new OutputLog(() => keys.known());
  const services: Services = {
    keys,
    log,
    ledger: createTaskLedger(globalStateLedgerStorage(context.globalState)),
    errorActions: (vendor, retry) => ({
      redact: (text) => redactSecrets(text, keys.known()),
      log: (line) => log.info(line),
      // A key set from the error goes on with what failed for want of it, as the user expects.
      setApiKey:
        vendor === undefined
          ? undefined
          : async () => {
              if ((await setApiKeyCommand(keys, vendor)) && retry) await retry();
            },
      retry,
      resume: (taskId) => resumeTaskCommand(services, taskId),
    }),
  };
  // One migration at a time: each removal from settings fires the change event that starts another.
  let migration: Promise<unknown> = Promise.resolve();
  const migrateKeys = () => {
    migration = migration
      .then(() => migrateSettingsKeys(keys, log))
      .catch((error) => log.info(`Key migration: ${error}`));
  };
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    "upscale.upscaleImage": (clicked, selected) => upscaleImageCommand(services, clicked, selected),
    "upscale.upscaleImageWith": (clicked, selected) => upscaleImageWithCommand(services, clicked, selected),
    "upscale.midjourney.imagine": () => midjourneyImagineCommand(services),
    "upscale.midjourney.upsample": (clicked) => midjourneyUpsampleCommand(services, clicked),
    "upscale.midjourney.variation": (clicked) => midjourneyVariationCommand(services, clicked),
    "upscale.midjourney.resume": (taskId) => resumeTaskCommand(services, taskId),
    "upscale.showBalance": () => showBalanceCommand(services),
    "upscale.setApiKey": () => setApiKeyCommand(keys),
    "upscale.clearApiKey": () => clearApiKeyCommand(keys),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
  context.subscriptions.push(
    log,
    registerCompare(context, log),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("upscale")) return;
      if (
        event.affectsConfiguration("upscale.ideogram.apiKey") ||
        event.affectsConfiguration("upscale.gptunnel.apiKey")
      ) {
        migrateKeys();
      }
      log.info(`Settings now: ${describeSettings(readSettings())}`);
    }),
  );
  migrateKeys();
  const loaded = typeof __upscaleLoadStarted === "number" ? started - __upscaleLoadStarted : Number.NaN;
  log.info(
    `Activated: bundle loaded in ${loaded.toFixed(1)} ms, activate() took ${(performance.now() - started).toFixed(1)} ms.`,
  );
}

export function deactivate(): void {}
