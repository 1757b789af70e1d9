import { resolve } from "node:path";
import {
  checkIdeogramV2Request,
  createIdeogramModelProvider,
  decodeLedgerTarget,
  encodeLedgerTarget,
  IDEOGRAM_LEGACY_MODEL,
  type UpscaleProvider,
} from "@upscale/core";
import type { UpscaleCallOptions } from "@upscale/core/provider-kit";
import { openTaskLedger } from "../ledger-file.js";
import type { Command } from "../parse-args.js";
import type { Plan } from "../plan.js";
import { asUsageError, ideogramConnection } from "../providers.js";
import { ideogramResume } from "../resume-hints.js";
import { maxCostCheck, planQuote } from "./ideogram-prices.js";
import { planFileJobs } from "./upscale-files.js";

type IdeogramCommand = Extract<Command, { kind: "ideogram" }>;

/**
 * `upscale --provider ideogram <files>`: a v2 model (`auto` by default) as paid async generations, each recorded in
 * the task ledger the moment it exists so `upscale resume` can finish it after a crash; or `--model legacy`, v1's
 * synchronous call. `--quote` prices the inputs and sends nothing; `--max-cost` quotes first and refuses the batch
 * before paying when its upper bound is above the limit. At most Ideogram's 10 images in progress at once.
 */
export async function planIdeogram(command: IdeogramCommand, env: NodeJS.ProcessEnv): Promise<Plan> {
  const { options: client, key } = ideogramConnection(command.remote, command.auth, env);
  const { metadata, sendMetadata } = command;
  if (command.model === IDEOGRAM_LEGACY_MODEL) {
    const provider = asUsageError(() =>
      createIdeogramModelProvider({ client, model: command.model, legacyRequest: command.legacyRequest }),
    );
    return planFileJobs(command.inputs, command.common, { provider, metadata, sendMetadata, secrets: [key] });
  }
  const request = asUsageError(() => checkIdeogramV2Request({ ...command.request, model: command.model }));
  if (command.quote) return planQuote(command.inputs, { client, request, key });

  const { ledger, onLedgerError } = openTaskLedger(env);
  let note: (text: string) => void = () => {};
  const provider = asUsageError(() =>
    createIdeogramModelProvider({
      client,
      model: command.model,
      request: command.request,
      ledger,
      onLedgerError: onLedgerError((text) => note(text)),
      deadlineMs: command.remote.deadlineMs,
    }),
  );
  const { maxCostUsd } = command;
  const plan = await planFileJobs(command.inputs, command.common, {
    provider: withAbsoluteTargets(provider),
    metadata,
    sendMetadata,
    secrets: [key],
    beforeRun: maxCostUsd === undefined ? undefined : maxCostCheck({ client, request, key }, maxCostUsd),
  });
  return {
    ...plan,
    ledger,
    resume: ideogramResume(command.remote, command.auth),
    run: (context) => {
      note = context.note;
      return plan.run(context);
    },
  };
}

/**
 * The CLI's ledger holds absolute paths, since `upscale resume` may run from any folder; the results of this run
 * are still named as the user spelled them.
 */
function withAbsoluteTargets<M extends object>(provider: UpscaleProvider<M>): UpscaleProvider<M> {
  return {
    id: provider.id,
    capabilities: provider.capabilities,
    upscale: (source, options) => provider.upscale(source, { ...options, task: absolute(options.task) }),
  };
}

function absolute(task: UpscaleCallOptions["task"]): UpscaleCallOptions["task"] {
  if (task?.target === undefined) return task;
  const target = decodeLedgerTarget(task.target);
  if (target.kind !== "file") return task;
  return { ...task, target: encodeLedgerTarget({ kind: "file", path: resolve(target.path) }) };
}
