import { GPTUNNEL_RESULT_LINK_FIELD } from "@upscale/core/vendor-facts";
import { vendorExamples } from "./vendor-examples.js";

/** A GPTunnel Midjourney task: what the fake remembers about it, and the documented task object it shows. */

export type TaskType = "imagine" | "upsample" | "variation";

export type TaskOutcome =
  | { kind: "done" }
  | { kind: "never-finish" }
  | { kind: "fails"; status: string; error: Record<string, unknown> };

/** How a task moves through time, fixed when it is created. */
export interface TaskTimeline {
  createdAt: number;
  durationMs: number;
  runningStatus: string;
  outcome: TaskOutcome;
}

export interface TaskPhase {
  status: string;
  percent: number;
  done: boolean;
  error: Record<string, unknown> | null;
}

/** Idle for the first tenth of its duration (queued), like the documented creation response. */
const QUEUED_SHARE = 0.1;
/** A task that never finishes stalls here: below 100, so a poller's deadline or stall detector must act. */
export const NEVER_FINISH_PERCENT = 90;
/** A failing task fails halfway. */
const FAIL_SHARE = 0.5;

export const DEFAULT_TASK_ERROR = { message: "Midjourney could not complete this task.", type: "task_failed" };

/** Where a task stands `now`: driven by wall time, so real pollers see percent rise. */
export function taskPhase(timeline: TaskTimeline, now: number): TaskPhase {
  const { durationMs, runningStatus, outcome } = timeline;
  const elapsed = now - timeline.createdAt;
  if (elapsed <= durationMs * QUEUED_SHARE) return { status: "idle", percent: 0, done: false, error: null };
  if (outcome.kind === "fails" && elapsed >= durationMs * FAIL_SHARE) {
    return { status: outcome.status, percent: FAIL_SHARE * 100, done: false, error: outcome.error };
  }
  const percent = Math.floor((100 * elapsed) / durationMs);
  if (outcome.kind === "never-finish") {
    return { status: runningStatus, percent: Math.min(percent, NEVER_FINISH_PERCENT), done: false, error: null };
  }
  if (elapsed >= durationMs) return { status: "done", percent: 100, done: true, error: null };
  return { status: runningStatus, percent: Math.min(Math.max(percent, 1), 99), done: false, error: null };
}

/** The task object exactly as the seed documents it (same fields, same order). */
export interface MidjourneyTaskObject {
  id: string;
  parentId: string | null;
  object: "task";
  type: TaskType;
  actions: string[];
  percent: number;
  status: string;
  result: string | null;
  error: Record<string, unknown> | null;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_cost: number;
    completion_cost: number;
    total_cost: number;
  };
}

// The vendor's own imagine example spells "upsamle": keep it, so clients that parse actions meet the real thing.
const GRID_ACTIONS = [
  "upsamle_1",
  "upsamle_2",
  "upsamle_3",
  "upsamle_4",
  "variation_1",
  "variation_2",
  "variation_3",
  "variation_4",
  "reroll",
];
// The seed's finished upsample, verbatim.
const UPSAMPLE_ACTIONS = vendorExamples.gptunnel.upsampleResentWhenDone.actions;

export function taskObject(
  task: { id: string; parentId: string | null; type: TaskType; generationsCharged: number },
  phase: TaskPhase,
  resultUrl: string | null,
): MidjourneyTaskObject {
  const actions = phase.done ? (task.type === "upsample" ? UPSAMPLE_ACTIONS : GRID_ACTIONS) : [];
  // The documented usage is all zeros for a free upsample; the fake counts charged generations as the cost.
  const cost = task.generationsCharged;
  return {
    id: task.id,
    parentId: task.parentId,
    object: "task",
    type: task.type,
    actions: [...actions],
    percent: phase.percent,
    status: phase.status,
    [GPTUNNEL_RESULT_LINK_FIELD]: phase.done ? resultUrl : null,
    error: phase.error,
    usage: {
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      prompt_cost: 0,
      completion_cost: cost,
      total_cost: cost,
    },
  };
}
