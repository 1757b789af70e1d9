import { readImageInfo, resultImageType, runBatch, type UpscaleProvider, upscale } from "@upscale/core";
import * as vscode from "vscode";
import { type ProgressReporter, withCancellableProgress } from "./cancellable-progress.js";
import { chooseOutput, type OutputChoice } from "./choose-output.js";
import { showDoneWithCompare } from "./compare/done-notification.js";
import { openResult } from "./compare/open-result.js";
import { recordResult } from "./compare/result-origins.js";
import { convertImage } from "./convert-image.js";
import { expandOutputName } from "./output-name.js";
import { concurrencyFor, createProvider, PROVIDER_VENDOR, type ProviderChoice } from "./providers.js";
import type { Services } from "./services.js";
import { readSettings, type UpscaleSettings } from "./settings.js";
import { isCancel, showError } from "./show-error.js";
import { baseName, sibling } from "./uri-paths.js";
import { writeFileAtomic } from "./write-file-atomic.js";

export interface UpscaleRun extends ProviderChoice {
  /** Factor for the offline provider; default `upscale.scale`. */
  scale?: number;
}

interface Job {
  input: vscode.Uri;
  output: OutputChoice;
}

export interface UpscaleSummary {
  written: vscode.Uri[];
  failed: { input: vscode.Uri; error: unknown }[];
  cancelled: boolean;
}

/**
 * Upscales image files beside themselves: names and overwrite questions are settled before any work (or
 * payment), then the batch runs under one cancellable progress notification, `n/total` for several files and
 * the provider's percent for one. Cancelling aborts the requests and writes nothing more.
 */
export async function upscaleFiles(inputs: vscode.Uri[], run: UpscaleRun, services: Services): Promise<UpscaleSummary> {
  const summary: UpscaleSummary = { written: [], failed: [], cancelled: false };
  const settings = readSettings();
  const retry = () => upscaleFiles(inputs, run, services);
  const actions = services.errorActions(PROVIDER_VENDOR[run.id], retry);
  let provider: UpscaleProvider;
  const jobs: Job[] = [];
  let scale: number;
  try {
    provider = await createProvider(run, settings, services.keys);
    scale = resultScale(provider, run, settings);
    for (const input of inputs) {
      const output = await planOutput(input, scale, settings);
      if (output !== undefined) jobs.push({ input, output });
    }
  } catch (error) {
    await showError(error, actions);
    return summary;
  }
  if (jobs.length === 0) return summary;

  const total = jobs.length;
  const [firstJob] = jobs;
  const title = total === 1 && firstJob ? `Upscaling ${baseName(firstJob.input)}` : `Upscaling ${total} images`;
  await withCancellableProgress(title, async (signal, progress) => {
    let settled = 0;
    await runBatch(
      jobs,
      async (job) => {
        const started = performance.now();
        try {
          return await upscaleOne(job, {
            provider,
            scale,
            signal,
            services,
            progress: total === 1 ? progress : undefined,
          });
        } catch (error) {
          if (!isCancel(error) && !signal.aborted) {
            const ms = performance.now() - started;
            services.log.job({ input: job.input.fsPath, provider: provider.id, ms, error });
          }
          throw error;
        }
      },
      {
        concurrency: concurrencyFor(provider, settings),
        signal,
        onSettled: (job, outcome) => {
          settled += 1;
          if (total > 1) progress.report((settled / total) * 100, `${settled}/${total}`);
          if (outcome.status === "fulfilled") summary.written.push(outcome.value);
          else if (isCancel(outcome.reason) || signal.aborted) summary.cancelled = true;
          else summary.failed.push({ input: job.input, error: outcome.reason });
        },
      },
    );
  });
  await report(summary, total, settings, services, run);
  return summary;
}

interface JobContext {
  provider: UpscaleProvider;
  scale: number;
  signal: AbortSignal;
  services: Services;
  /** For a single file: the provider's own percent. */
  progress?: ProgressReporter;
}

async function upscaleOne(job: Job, context: JobContext): Promise<vscode.Uri> {
  const { provider, scale, signal, progress } = context;
  const started = performance.now();
  const bytes = await vscode.workspace.fs.readFile(job.input);
  const result = await upscale(
    { bytes },
    {
      provider,
      scale,
      signal,
      onProgress: (p) => progress?.report(p.percent, p.percent === undefined ? p.stage : `${p.percent}%`),
    },
  );
  // A result that arrives after Cancel is dropped: cancel means nothing more is written.
  if (signal.aborted) throw signal.reason;
  const promised = resultImageType(baseName(job.output.uri));
  const written = await writeFileAtomic(job.output.uri, await convertImage(result, promised), job.output.overwrite);
  await recordResult(job.input, written);
  context.services.log.job({
    input: job.input.fsPath,
    provider: provider.id,
    output: written.fsPath,
    size: `${pixelSize(bytes)} → ${result.width}×${result.height}`,
    ms: performance.now() - started,
  });
  return written;
}

async function report(
  summary: UpscaleSummary,
  total: number,
  settings: UpscaleSettings,
  services: Services,
  run: UpscaleRun,
): Promise<void> {
  if (summary.cancelled) {
    vscode.window.setStatusBarMessage(`Upscale cancelled: ${summary.written.length} of ${total} written.`, 5000);
  }
  const [only] = summary.written;
  if (total === 1 && only !== undefined && settings.openResult) {
    await openResult(only);
  } else if (total > 1 && summary.written.length > 0 && summary.failed.length === 0) {
    void showDoneWithCompare(`Upscale: ${summary.written.length} images upscaled.`, summary.written);
  }
  const [first] = summary.failed;
  if (first === undefined) return;
  const failedInputs = summary.failed.map((failure) => failure.input);
  const actions = services.errorActions(PROVIDER_VENDOR[run.id], () => upscaleFiles(failedInputs, run, services));
  const prefix =
    total === 1 ? `Upscale of ${baseName(first.input)} failed` : `${summary.failed.length} of ${total} failed`;
  await showError(first.error, actions, prefix);
}

/** The factor the result is named by: the run's own for the offline provider, the nominal one for the others. */
function resultScale(provider: UpscaleProvider, run: UpscaleRun, settings: UpscaleSettings): number {
  const { scales, nominalScale } = provider.capabilities;
  const wanted = run.scale ?? settings.scale;
  return scales.includes(wanted) ? wanted : nominalScale;
}

async function planOutput(
  input: vscode.Uri,
  scale: number,
  settings: UpscaleSettings,
): Promise<OutputChoice | undefined> {
  const name = baseName(input);
  const fileName = expandOutputName(settings.outputName, name, scale, resultImageType(name));
  return chooseOutput(sibling(input, fileName), settings.overwrite, input);
}

function pixelSize(bytes: Uint8Array): string {
  const info = readImageInfo(bytes);
  return info === undefined ? "?" : `${info.width}×${info.height}`;
}
