import {
  type CancelSignal,
  decodeLedgerTarget,
  type FailureReport,
  type LedgerEntry,
  type MidjourneyAction,
  type MidjourneyClient,
  type MidjourneyJob,
  type MidjourneyResultPlan,
  type ResultStore,
  type ResultTarget,
  runMidjourneyJob,
  type TaskLedger,
} from "@upscale/core";
import type { ImageCodec } from "@upscale/core/provider-kit";
import type { RunStatus } from "../shared/messages.js";
import { type PlacedTaskImage, placeTaskImage } from "./midjourney-nodes.js";
import { pageOf } from "./place-node.js";
import { notice } from "./run-error.js";
import { createRunStatus, type RunSubject } from "./run-status.js";

export interface MidjourneyContext {
  client: MidjourneyClient;
  ledger: TaskLedger;
  codec: ImageCodec;
  signal: CancelSignal;
  publish: (status: RunStatus) => void;
  /** Masks the stored keys in failure reports. */
  redact: (text: string) => string;
}

export type CanvasMidjourneyJob = MidjourneyJob<RunSubject>;

/** An action as the core's job: named for the progress list (and the ledger), its image put beside `target`. */
export function midjourneyJob(
  action: MidjourneyAction,
  options: { label?: string; target?: ResultTarget; quadrant?: RunSubject["quadrant"] } = {},
): CanvasMidjourneyJob {
  const taskId = action.kind === "resume" ? action.taskId : undefined;
  const quadrant = action.kind === "upsample" ? action.index : options.quadrant;
  return Object.assign({}, action, {
    source: { id: "task", name: options.label ?? actionLabel(action), taskId, quadrant },
    target: options.target,
  });
}

/** A ledger entry from an earlier session, as the job that finishes it (beside the layer it was meant for). */
export function resumeJob(entry: LedgerEntry): CanvasMidjourneyJob {
  return midjourneyJob(
    { kind: "resume", taskId: entry.taskId },
    {
      label: `Resume ${entry.label ?? entry.kind}`,
      target: entry.target === undefined ? undefined : decodeLedgerTarget(entry.target),
      quadrant: entry.kind === "upsample" ? gridIndex(entry.index) : undefined,
    },
  );
}

/**
 * Runs one Midjourney job of the core and puts its image on the canvas. The core records a paid task in the
 * ledger (clientStorage) the moment it has an id and settles it only once the layer is placed, so a cancel or a
 * closed plugin loses nothing: the task resumes the next time the plugin opens.
 */
export async function runMidjourney(job: CanvasMidjourneyJob, context: MidjourneyContext): Promise<RunStatus> {
  const { ledger, codec, signal, publish, redact } = context;
  const run = createRunStatus("midjourney", publish);
  const tasks = rememberTaskTypes(context.client);
  let cancelled: FailureReport | undefined;
  const summary = await runMidjourneyJob(job, {
    client: tasks.client,
    ledger,
    signal,
    redact,
    // A resumed task is whatever it was; any other job's task is of its own kind.
    store: canvasTaskStore(
      codec,
      (taskId) => (job.kind === "resume" ? tasks.typeOf(taskId) : job.kind),
      job.source.quadrant,
    ),
    onEvent: (event) => {
      run.render(event);
      if (event.type === "cancelled") cancelled = event.report;
    },
  });
  const placed = summary.saved[0]?.saved;
  if (placed !== undefined) {
    // Selected only where the user is: beside a grid on a page they have left, selecting it would throw after
    // the result was placed (and paid for).
    if (pageOf(placed.node) === figma.currentPage) figma.currentPage.selection = [placed.node];
    return run.finish(undefined, placed.type === "upsample" ? "image placed" : "grid placed");
  }
  const skipped = summary.skipped[0];
  return run.finish(summary.failed[0]?.report ?? cancelled ?? (skipped && notice(skipped.reason)));
}

/**
 * The canvas as the store of a Midjourney job: the image becomes a layer as it is kept — before the core settles
 * the task in the ledger, so closing the plugin in between loses nothing. The core's notes speak of a PNG file;
 * Figma keeps none, and the fit to its limits says what it did.
 */
function canvasTaskStore(
  codec: ImageCodec,
  typeOf: (taskId: string) => string | undefined,
  quadrant: RunSubject["quadrant"],
): ResultStore<PlacedTaskImage, MidjourneyResultPlan<RunSubject>> {
  return {
    async reserve({ target }) {
      return {
        async keep(image) {
          const taskId = image.taskId ?? "";
          const after = target?.kind === "node" ? await sceneNode(target.id) : undefined;
          return placeTaskImage(image, { id: taskId, type: typeOf(taskId) }, codec, after, quadrant);
        },
        release: async () => undefined,
      };
    },
  };
}

/** The client, remembering each task's type as GPTunnel reports it while the flow polls it. */
function rememberTaskTypes(client: MidjourneyClient) {
  const types = new Map<string, string>();
  const result: MidjourneyClient["result"] = async (taskId, options) => {
    const task = await client.result(taskId, options);
    if (task.type !== undefined) types.set(taskId, task.type);
    return task;
  };
  return {
    client: Object.assign(Object.create(client) as MidjourneyClient, { result }),
    typeOf: (taskId: string) => types.get(taskId),
  };
}

/** The layer a result goes beside, if it still exists. */
async function sceneNode(id: string): Promise<SceneNode | undefined> {
  const node = await figma.getNodeByIdAsync(id);
  return node !== null && !node.removed && "absoluteTransform" in node ? (node as SceneNode) : undefined;
}

function actionLabel(action: MidjourneyAction): string {
  switch (action.kind) {
    case "imagine":
      return `Imagine “${action.prompt.length > 40 ? `${action.prompt.slice(0, 39)}…` : action.prompt}”`;
    case "upsample":
      return `Upsample image ${action.index}`;
    case "variation":
      return `Variation of image ${action.index}`;
    case "resume":
      return `Task ${action.taskId}`;
  }
}

function gridIndex(index: number | undefined): RunSubject["quadrant"] {
  return index === 1 || index === 2 || index === 3 || index === 4 ? index : undefined;
}
