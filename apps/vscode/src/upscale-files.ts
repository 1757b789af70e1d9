import {
  expandNameTemplate,
  type JobEvent,
  type JobSource,
  type JobsSummary,
  resultImageType,
  runUpscaleJobs,
  type UpscaleProvider,
} from "@upscale/core";
import { readImageInfo } from "@upscale/core/provider-kit";
import * as vscode from "vscode";
import { showDoneWithCompare } from "./compare/done-notification.js";
import { openResult } from "./compare/open-result.js";
import { recordResult } from "./compare/result-origins.js";
import { confirmPrice } from "./confirm-price.js";
import { describeIdeogramChoice } from "./ideogram-choice.js";
import { JobProgress } from "./job-progress.js";
import { spentMessage, spentUsd } from "./price-text.js";
import {
  concurrencyFor,
  createProvider,
  ideogramChoiceOf,
  PROVIDER_VENDOR,
  type ProviderChoice,
  sharpCodecOnDemand,
} from "./providers.js";
import type { Services } from "./services.js";
import { readSettings, type UpscaleSettings } from "./settings.js";
import { showError, showFailure, showNotes } from "./show-error.js";
import { reportSkipped, sortSelection } from "./sort-selection.js";
import { baseName, sibling } from "./uri-paths.js";
import { fileTarget, workspaceResultStore } from "./workspace-result-store.js";

export interface UpscaleRun extends ProviderChoice {
  /** Factor for the offline provider; default `upscale.scale`. */
  scale?: number;
}

/**
 * An input file as the core's pipeline sees it; `pixels`, its size once read, is for the log. `bytes`: read
 * already for its price quote, so the run uploads what was priced.
 */
interface FileSource extends JobSource {
  uri: vscode.Uri;
  pixels?: string;
  bytes?: Uint8Array;
}

/**
 * Upscales image files beside themselves through the core's job pipeline: it plans every name, asks about
 * existing files (the store) before anything is paid for, runs within the provider's limit and keeps every paid
 * result. This side brings the files in, shows progress and logs each job, then opens or reports the results.
 */
export async function upscaleFiles(selected: vscode.Uri[], run: UpscaleRun, services: Services): Promise<void> {
  const settings = readSettings();
  const actions = services.errorActions(PROVIDER_VENDOR[run.id], () => upscaleFiles(selected, run, services));
  let progress: JobProgress | undefined;
  let summary: JobsSummary<vscode.Uri, FileSource>;
  try {
    const provider = await createProvider(run, settings, services);
    // Every selected file is accounted for: what is not upscaled is reported with why, before anything is sent.
    const { inputs, skipped } = await sortSelection(selected, {
      id: run.id,
      inputTypes: provider.capabilities.inputTypes,
    });
    reportSkipped(skipped, selected.length, (line) => services.log.info(line));
    if (inputs.length === 0) return;
    const sources = inputs.map(fileSource);
    const [first] = sources;
    const title = sources.length === 1 && first ? `Upscaling ${first.name}` : `Upscaling ${sources.length} images`;
    // Ideogram's price, asked for and shown before anything is paid; above the user's limit, asked about.
    const price =
      run.id === "ideogram"
        ? await confirmPrice(sources, ideogramChoiceOf(run, settings), settings, services.keys)
        : { proceed: true };
    if (!price.proceed) {
      vscode.window.setStatusBarMessage("Upscale cancelled: nothing was sent.", 5000);
      return;
    }
    progress = new JobProgress(price.titleSuffix ? `${title} ${price.titleSuffix}` : title, sources.length);
    const log = jobLog(provider, services);
    summary = await runUpscaleJobs(sources, {
      provider,
      scale: resultScale(provider, run, settings),
      plan: (source, scale) => {
        const mimeType = resultImageType(source.name);
        const fileName = expandNameTemplate(settings.outputName, source.name, scale, mimeType);
        return { fileName, mimeType, target: fileTarget(sibling(source.uri, fileName)) };
      },
      store: workspaceResultStore<FileSource>(settings.overwrite, (source) => source.uri),
      codec: sharpCodecOnDemand,
      sendMetadata: settings.sendMetadata,
      metadata: settings.metadata,
      signal: progress.signal,
      concurrency: concurrencyFor(provider, settings),
      redact: actions.redact,
      onEvent: (event) => {
        progress?.onEvent(event);
        log(event);
        if (event.type === "saved") void recordResult(event.source.uri, event.saved);
      },
    });
  } catch (error) {
    // Refused before anything ran: a missing key, a bad setting, two inputs with one result.
    await showError(error, actions, { billed: false });
    return;
  } finally {
    progress?.close();
  }
  await report(summary, settings, services, run);
}

function fileSource(uri: vscode.Uri): FileSource {
  const source: FileSource = {
    id: uri.toString(),
    name: baseName(uri),
    uri,
    read: async () => {
      const bytes = source.bytes ?? (await vscode.workspace.fs.readFile(uri));
      source.bytes = undefined;
      const info = readImageInfo(bytes);
      source.pixels = info === undefined ? "?" : `${info.width}×${info.height}`;
      return bytes;
    },
  };
  return source;
}

/** One line per job in the output channel: input, provider, result and sizes or the failure, time. */
function jobLog(provider: UpscaleProvider<object>, services: Services) {
  const started = new Map<string, number>();
  return (event: JobEvent<vscode.Uri, FileSource>) => {
    const { source } = event;
    if (event.type === "started") started.set(source.id, performance.now());
    const record = {
      input: source.uri.fsPath,
      provider: provider.id,
      ms: performance.now() - (started.get(source.id) ?? 0),
    };
    if (event.type === "saved") {
      const { image } = event;
      const size = `${source.pixels ?? "?"} → ${image.width}×${image.height}`;
      services.log.job({ ...record, output: event.saved.fsPath, size, taskId: image.taskId, notes: image.notes });
    } else if (event.type === "failed") {
      services.log.job({ ...record, failure: event.report });
    }
  };
}

async function report(
  summary: JobsSummary<vscode.Uri, FileSource>,
  settings: UpscaleSettings,
  services: Services,
  run: UpscaleRun,
): Promise<void> {
  const { saved, failed, skipped, cancelled } = summary;
  const total = saved.length + failed.length + skipped.length + cancelled.length;
  showNotes(saved.map(({ saved: uri, image }) => ({ uri, notes: image.notes })));
  if (cancelled.length > 0) {
    vscode.window.setStatusBarMessage(`Upscale cancelled: ${saved.length} of ${total} written.`, 5000);
  }
  const [only] = saved;
  // What the paid results cost, as the vendor billed them.
  const spent = spentUsd(saved.map(({ image }) => image.costUsd));
  if (total === 1 && only !== undefined && settings.openResult) {
    await openResult(only.saved);
  }
  if (spent !== undefined) {
    const what = describeIdeogramChoice(ideogramChoiceOf(run, settings));
    const done = total === 1 && only !== undefined ? only.source.name : saved.length;
    void showDoneWithCompare(
      spentMessage(done, what, spent),
      saved.map((result) => result.saved),
    );
  } else if (total > 1 && saved.length > 0 && failed.length === 0) {
    void showDoneWithCompare(
      `Upscale: ${saved.length} images upscaled.`,
      saved.map((result) => result.saved),
    );
  }
  const [first] = failed;
  if (first === undefined) return;
  // The first failure is shown; its button goes on with the inputs whose report allows the same step, never
  // with one that may have been charged.
  const again = failed.filter((failure) => failure.report.next === first.report.next);
  const retry = () =>
    upscaleFiles(
      again.map((failure) => failure.source.uri),
      run,
      services,
    );
  const prefix = total === 1 ? `Upscale of ${first.source.name} failed` : `${failed.length} of ${total} failed`;
  await showFailure(first.report, services.errorActions(PROVIDER_VENDOR[run.id], retry), prefix);
}

/**
 * The offline provider's factor: the run's own or `upscale.scale` when it offers it, else its nominal one. Ideogram's
 * is in its request (`upscale.ideogram.scale` or the run's; none for Nano Banana Pro): the pipeline names by it.
 */
function resultScale(
  provider: UpscaleProvider<object>,
  run: UpscaleRun,
  settings: UpscaleSettings,
): number | undefined {
  if (run.id !== "local") return undefined;
  const { scales, nominalScale } = provider.capabilities;
  const wanted = run.scale ?? settings.scale;
  return wanted !== undefined && scales.includes(wanted) ? wanted : nominalScale;
}
