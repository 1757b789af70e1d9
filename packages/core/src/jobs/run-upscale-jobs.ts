import { checkScale } from "../image/check-upscale-input.js";
import type { ImageCodec } from "../image/image-codec.js";
import { abortError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { JobEvent, JobsSummary } from "./job-events.js";
import type { JobSource, PlannedResult, ResultPlan, ResultStore } from "./job-ports.js";
import { keepPaidResult, withPaidFacts, withToolMark } from "./keep-paid-result.js";
import { encodeLedgerTarget } from "./ledger-target.js";
import { planResults } from "./plan-results.js";
import { prepareInput } from "./prepare-input.js";
import type { UpscaleCallOptions, UpscaleProvider } from "./provider.js";
import { restoreResult } from "./restore-result.js";
import { type JobOutcome, outcomeOfError, runJobBatch } from "./run-job-batch.js";
import { serialised } from "./serialised.js";
import { providerName, stageWords } from "./stage-words.js";
import { upscalePrepared } from "./upscale.js";

/** What `runUpscaleJobs` needs: the provider, the app's naming and ports, and how to run. */
export interface UpscaleJobsOptions<Saved, S extends JobSource = JobSource> {
  /** Any provider: its own `meta` is read only for the task id and cost (`KeptImage.taskId`, `costUsd`). */
  provider: UpscaleProvider<object>;
  /** Default `provider.capabilities.nominalScale`; one the provider does not offer is refused up front. */
  scale?: number;
  /** The app's naming: the result's file name and promised type, and where it goes. */
  plan: (source: S, scale: number) => ResultPlan;
  store: ResultStore<Saved, PlannedResult<S>>;
  /**
   * The platform's pixel work (`sharpCodec` in Node): converts a result to the promised type (without one, a
   * result of another type is kept as it came), and for a vendor turns the upload upright, converts an input type
   * it does not take, and puts back transparency it dropped.
   */
  codec?: ImageCodec;
  /**
   * Send EXIF, XMP and IPTC to a vendor too (the user opted in). By default a vendor gets the pixels upright with
   * only the colour profile and density: no GPS position, serial numbers or names; a note says what was left out.
   */
  sendMetadata?: boolean;
  /**
   * "keep" (default): results carry the input's EXIF (orientation normalised), XMP, IPTC and density, whatever the
   * provider. "strip": only the colour profile and density, with a note saying what was left out.
   */
  metadata?: "keep" | "strip";
  signal?: CancelSignal;
  /** Default `provider.capabilities.maxInFlight`. */
  concurrency?: number;
  onEvent: (event: JobEvent<Saved, S>) => void;
  /** Masks the app's secrets in failure messages. */
  redact?: (text: string) => string;
  /**
   * For a store whose `keep` does not yet write the result for good (Figma's canvas, written once the whole run is
   * in, as one undo step): it is given each kept result's `settle`, which takes its paid task out of the ledger,
   * to call once the result is written. By default the pipeline settles the task right after `keep`.
   */
  settleLater?: (settle: () => Promise<void>) => void;
}

/**
 * "These inputs" → "results kept". Every result's name is planned first (two inputs claiming one place are refused:
 * this rejects with an InputError before anything runs — the only way it rejects). Then, within the provider's
 * limit, each input is read, checked and made ready to send (for a vendor: upright, converted to a type it takes,
 * without personal metadata — `prepareInput`), its place reserved, and it is upscaled; the result is converted to
 * the promised type (or kept under its own extension when that fails), given back what came with the input —
 * metadata, density, transparency (`restoreResult`) — marked as this toolkit's (`withToolMark`), and kept, its
 * notes saying what the user should know.
 *
 * A cancel stops what is not billed: inputs not started are not started, a free upscale in flight is dropped.
 * A billed call already sent is let finish and its result kept — it was paid for. A paid task the provider
 * recorded in its ledger is settled only once its result is kept (`settleLater` defers that further).
 */
export async function runUpscaleJobs<Saved, S extends JobSource = JobSource>(
  sources: readonly S[],
  options: UpscaleJobsOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  const { provider, codec, metadata, onEvent: emit, redact } = options;
  const { capabilities } = provider;
  // Results are named by `scale`; a provider that takes no factor (its size is set another way) is sent none.
  const scale = options.scale ?? capabilities.nominalScale;
  const callScale = capabilities.scales.length === 0 ? options.scale : scale;
  checkScale(provider.id, capabilities, callScale);
  const planned = planResults(sources, (source) => options.plan(source, scale));
  const reserve = serialised((plan: PlannedResult<S>) => options.store.reserve(plan));
  const name = providerName(provider.id);

  const work = async (plan: PlannedResult<S>, job: { signal: CancelSignal; hold(): void }) => {
    const { source } = plan;
    let billed = false;
    let release: (() => Promise<void>) | undefined;
    try {
      const bytes = await source.read();
      // Checked and made ready first: nothing is reserved (or asked) for an input that cannot be upscaled.
      const prepared = await prepareInput(bytes, provider, { codec, sendMetadata: options.sendMetadata });
      const slot = await reserve(plan);
      if (slot === undefined || "skip" in slot) return skipped(slot);
      release = () => slot.release();
      // A cancel that came while reserving stops it here: upscale() refuses an aborted signal before sending.
      if (capabilities.charges && !job.signal.aborted) {
        job.hold();
        billed = true;
        emit({ type: "billing", source, inFlight: true });
      }
      let taskId: string | undefined;
      const result = await upscalePrepared(prepared, {
        provider,
        scale: callScale,
        metadata,
        signal: job.signal,
        task: ledgerTask(plan),
        onProgress: (progress) => {
          // A paid task's id is reported once it is in the provider's ledger: announced once, before its progress.
          if (progress.taskId !== undefined && taskId === undefined && progress.stage !== "done") {
            taskId = progress.taskId;
            emit({ type: "task-created", source, taskId });
          }
          const { stage, percent } = progress;
          emit({ type: "progress", source, stage, percent, words: stageWords(progress, name) });
        },
      });
      // Nothing was paid for: a cancel means nothing more is written.
      if (!billed && job.signal.aborted) return outcomeOfError(abortError(job.signal), { billed, redact });
      // Converted first: a codec writes no metadata, so what the result keeps goes in last.
      const converted = await keepPaidResult(result, plan, codec, prepared.restoreFrom ?? bytes);
      const restored = await restoreResult(converted, prepared, { codec, metadata });
      const notes = [...prepared.notes, ...result.notes, ...converted.notes, ...restored.notes];
      const image = withToolMark(withPaidFacts({ ...converted, bytes: restored.bytes, notes }, result.meta));
      const saved = await slot.keep(image);
      // Only now may a paid task leave the ledger: until the result is kept, a crash leaves it to resume.
      if (result.settle !== undefined) {
        if (options.settleLater === undefined) await result.settle();
        else options.settleLater(result.settle);
      }
      return { type: "saved", saved, image } satisfies JobOutcome<Saved>;
    } catch (error) {
      return outcomeOfError(error, { billed, redact });
    } finally {
      await release?.().catch(() => undefined);
      if (billed) emit({ type: "billing", source, inFlight: false });
    }
  };

  return runJobBatch(planned, work, {
    concurrency: options.concurrency ?? capabilities.maxInFlight,
    signal: options.signal,
    onEvent: emit,
  });
}

/**
 * What a ledger entry records of a paid task this input creates — the input's name and the result's place — and
 * that the pipeline settles it, once the result is kept.
 */
function ledgerTask(plan: PlannedResult<JobSource>): NonNullable<UpscaleCallOptions["task"]> {
  const { source, target } = plan;
  const task = { label: source.name, settleWhenKept: true };
  return target === undefined ? task : { ...task, target: encodeLedgerTarget(target) };
}

function skipped(declined: { skip: string } | undefined): JobOutcome<never> {
  return { type: "skipped", reason: declined?.skip ?? "Not saved: its place was declined." };
}
