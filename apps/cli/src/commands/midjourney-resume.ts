import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  decodeLedgerTarget,
  isMidjourneyTaskId,
  type LedgerEntry,
  type MidjourneyJob,
  readMidjourneyTaskId,
  taskImageName,
} from "@upscale/core";
import { readImageInfo } from "@upscale/core/provider-kit";
import { UsageError } from "../cli-errors.js";
import type { Command } from "../parse-args.js";
import type { Plan, RunContext } from "../plan.js";
import { MIDJOURNEY_RESUME } from "../resume-hints.js";
import {
  createMidjourneySetup,
  fileTarget,
  type MidjourneySetup,
  runMidjourney,
  shown,
  taskTarget,
} from "./midjourney-setup.js";

/**
 * `upscale midjourney resume [taskId...]`: poll tasks already submitted and save their images; never submits,
 * so never charges. Without ids it finishes every task the ledger still holds (paid for, image not saved), each
 * into the place it was meant for unless -o says otherwise.
 */
export async function planResume(command: Extract<Command, { kind: "resume" }>, env: NodeJS.ProcessEnv): Promise<Plan> {
  const invalid = command.taskIds.find((taskId) => !isMidjourneyTaskId(taskId));
  if (invalid !== undefined) {
    throw new UsageError(`"${invalid}" is not a task id: use the 24-character id printed when the task was submitted.`);
  }
  const { setup, key } = await createMidjourneySetup(command, env, command.taskIds.length !== 1);
  const fromLedger = command.taskIds.length === 0;
  const entries: Pick<LedgerEntry, "taskId" | "target">[] = fromLedger
    ? midjourneyEntries(await setup.ledger.pending())
    : [...new Set(command.taskIds)].map((taskId) => ({ taskId }));
  const jobs = midjourneyResumeJobs(setup, entries, command.common.out !== undefined);
  return {
    total: jobs.length,
    provider: "midjourney",
    secrets: [key],
    ledger: setup.ledger,
    resume: MIDJOURNEY_RESUME,
    notes: fromLedger ? [ledgerNote(entries)] : [],
    run: (context) => runMidjourneyResumes(setup, jobs, context, command.common.concurrency),
  };
}

/** The ledger's GPTunnel tasks (entries from before Ideogram generations were recorded name no vendor). */
export function midjourneyEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return entries.filter((entry) => entry.vendor !== "ideogram");
}

/** A resume job per task: into the place its entry names, or — with -o, or no place known — where -o says. */
export function midjourneyResumeJobs(
  setup: MidjourneySetup,
  entries: readonly Pick<LedgerEntry, "taskId" | "target">[],
  outGiven: boolean,
): MidjourneyJob[] {
  return entries.map(
    ({ taskId, target }): MidjourneyJob => ({
      kind: "resume",
      taskId,
      source: { id: taskId, name: taskId },
      ...(!outGiven && target !== undefined ? placeOf(setup, target) : taskTarget(setup)),
    }),
  );
}

/** Resumes the tasks whose images are not already in place; never submits, so never charges. */
export async function runMidjourneyResumes(
  setup: MidjourneySetup,
  jobs: readonly MidjourneyJob[],
  context: RunContext,
  concurrency: number | undefined,
): Promise<void> {
  const toFetch: MidjourneyJob[] = [];
  for (const job of jobs) {
    if (!(await alreadySaved(setup, job, context))) toFetch.push(job);
  }
  await runMidjourney(setup, toFetch, context, { concurrency });
}

/** The place a ledger entry was meant for; a file target keeps its own name. */
function placeOf(setup: MidjourneySetup, ledgerTarget: string): Pick<MidjourneyJob, "target" | "fileName"> {
  const target = decodeLedgerTarget(ledgerTarget);
  return target.kind === "file" ? fileTarget(setup, target.path) : { target };
}

function ledgerNote(entries: readonly Pick<LedgerEntry, "taskId">[]): string {
  if (entries.length === 0) return "No unfinished Midjourney tasks: nothing to resume.";
  const tasks = entries.length === 1 ? "task" : "tasks";
  return `Finishing ${entries.length} unfinished Midjourney ${tasks} (no new charge): ${entries.map((e) => e.taskId).join(" ")}`;
}

/**
 * The task's image is already where it goes (a PNG carrying this task id), saved by an earlier run that stopped
 * before it could tell the ledger: reported as saved and settled, with nothing fetched.
 */
async function alreadySaved(setup: MidjourneySetup, job: MidjourneyJob, context: RunContext): Promise<boolean> {
  const { target } = job;
  if (job.kind !== "resume" || (target?.kind !== "file" && target?.kind !== "folder")) return false;
  const path = target.kind === "file" ? target.path : join(target.path, taskImageName(job.taskId));
  const bytes = await readFile(path).catch(() => undefined);
  const info = bytes === undefined ? undefined : readImageInfo(bytes);
  if (bytes === undefined || info === undefined || readMidjourneyTaskId(bytes) !== job.taskId) return false;
  await setup.ledger.settle(job.taskId).catch(() => undefined);
  const image = { bytes, ...info, fileName: taskImageName(job.taskId), notes: [], taskId: job.taskId };
  context.onEvent({ type: "started", source: job.source });
  context.onEvent({ type: "saved", source: job.source, saved: shown(setup, path), image });
  return true;
}
