import { checkScale, checkUpscaleInput } from "../image/check-upscale-input.js";
import type { ImageCodec } from "../image/image-codec.js";
import { abortError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import type { JobEvent, JobsSummary } from "./job-events.js";
import type { JobSource, PlannedResult, ResultPlan, ResultStore } from "./job-ports.js";
import { keepPaidResult, withPaidFacts } from "./keep-paid-result.js";
import { encodeLedgerTarget } from "./ledger-target.js";
import { planResults } from "./plan-results.js";
import type { UpscaleProvider } from "./provider.js";
import { type JobOutcome, outcomeOfError, runJobBatch } from "./run-job-batch.js";
import { serialised } from "./serialised.js";
import { providerName, stageWords } from "./stage-words.js";
import { upscale } from "./upscale.js";

/** What `runUpscaleJobs` needs: the provider, the app's naming and ports, and how to run. */
export interface UpscaleJobsOptions<Saved, S extends JobSource = JobSource> {
  /** Any provider: its own `meta` is read only for the task id and cost (`KeptImage.taskId`, `costUsd`). */
  provider: UpscaleProvider<object>;
  /** Default `provider.capabilities.nominalScale`; one the provider does not offer is refused up front. */
  scale?: number;
  /** The app's naming: the result's file name and promised type, and where it goes. */
  plan: (source: S, scale: number) => ResultPlan;
  store: ResultStore<Saved, PlannedResult<S>>;
  /** Converts a result to the promised type; without one, a result of another type is kept as it came. */
  codec?: ImageCodec;
  signal?: CancelSignal;
  /** Default `provider.capabilities.maxInFlight`. */
  concurrency?: number;
  onEvent: (event: JobEvent<Saved, S>) => void;
  /** Masks the app's secrets in failure messages. */
  redact?: (text: string) => string;
}

/**
 * "These inputs" → "results kept". Every result's name is planned first (two inputs claiming one place are refused:
 * this rejects with an InputError before anything runs — the only way it rejects). Then, within the provider's
 * limit, each input is read and checked, its place reserved, and it is upscaled; the result is converted to the
 * promised type, or kept under its own extension when that fails, and kept.
 *
 * A cancel stops what is not billed: inputs not started are not started, a free upscale in flight is dropped.
 * A billed call already sent is let finish and its result kept — it was paid for.
 */
export async function runUpscaleJobs<Saved, S extends JobSource = JobSource>(
  sources: readonly S[],
  options: UpscaleJobsOptions<Saved, S>,
): Promise<JobsSummary<Saved, S>> {
  const { provider, codec, onEvent: emit, redact } = options;
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
      // Checked again by upscale(): here so nothing is reserved (or asked) for an input that cannot be upscaled.
      checkUpscaleInput(bytes, capabilities);
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
      const result = await upscale(
        { bytes },
        {
          provider,
          scale: callScale,
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
        },
      );
      // Nothing was paid for: a cancel means nothing more is written.
      if (!billed && job.signal.aborted) return outcomeOfError(abortError(job.signal), { billed, redact });
      const image = withPaidFacts(await keepPaidResult(result, plan, codec), result.meta);
      const saved = await slot.keep(image);
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

/** What a ledger entry records of a paid task this input creates: the input's name and the result's place. */
function ledgerTask(plan: PlannedResult<JobSource>): { label: string; target?: string } {
  const { source, target } = plan;
  return target === undefined ? { label: source.name } : { label: source.name, target: encodeLedgerTarget(target) };
}

function skipped(declined: { skip: string } | undefined): JobOutcome<never> {
  return { type: "skipped", reason: declined?.skip ?? "Not saved: its place was declined." };
}
