import { basename, join } from "node:path";
import {
  createIdeogramV2Client,
  decodeLedgerTarget,
  generationImageName,
  type IdeogramResumeJob,
  type LedgerEntry,
  resumeIdeogramJob,
  runBatch,
} from "@upscale/core";
import { sharpCodec } from "@upscale/local";
import { UsageError } from "../cli-errors.js";
import { fileResultStore } from "../file-result-store.js";
import { openTaskLedger } from "../ledger-file.js";
import { type OutTarget, resolveOutTarget } from "../output-path.js";
import type { Command } from "../parse-args.js";
import type { Plan, RunContext } from "../plan.js";
import { apiKey, ideogramConnection } from "../providers.js";
import type { ResumeHint } from "../reporter.js";
import { ideogramResume } from "../resume-hints.js";
import { removeStaleReservations } from "../write-file-atomic.js";
import { midjourneyEntries, midjourneyResumeJobs, runMidjourneyResumes } from "./midjourney-resume.js";
import { createMidjourneySetup } from "./midjourney-setup.js";

type ResumeAnyCommand = Extract<Command, { kind: "resume-any" }>;

/** Waiting and downloading take no place among Ideogram's images in progress: a few at once is plenty. */
const RESUME_CONCURRENCY = 4;

/**
 * `upscale resume`: finishes every unfinished paid job the ledger holds, of any vendor — Midjourney tasks and
 * Ideogram generations — each into the place it was meant for (or -o). Nothing is submitted again, so nothing is
 * charged again. `--provider` limits it to one vendor, and is needed with that vendor's --base-url, --auth, --api-key.
 */
export async function planResumeAny(command: ResumeAnyCommand, env: NodeJS.ProcessEnv): Promise<Plan> {
  const opened = openTaskLedger(env);
  const pending = await opened.ledger.pending();
  const wants = (vendor: "ideogram" | "midjourney") => command.provider === undefined || command.provider === vendor;
  const midjourney = wants("midjourney") ? midjourneyEntries(pending) : [];
  const ideogram = wants("ideogram") ? pending.filter((entry) => entry.vendor === "ideogram") : [];
  const out = await resolveOutTarget(command.common.out, true);
  const secrets: string[] = [];
  const runs: ((context: RunContext) => Promise<void>)[] = [];

  if (midjourney.length > 0) {
    requireKey(command, env, "midjourney", midjourney.length);
    const { setup, key } = await createMidjourneySetup(
      { midjourney: command.remote, common: command.common },
      env,
      true,
      opened,
    );
    secrets.push(key);
    const jobs = midjourneyResumeJobs(setup, midjourney, command.common.out !== undefined);
    runs.push((context) => runMidjourneyResumes(setup, jobs, context, command.common.concurrency));
  }
  if (ideogram.length > 0) {
    requireKey(command, env, "ideogram", ideogram.length);
    const { options, key } = ideogramConnection(command.remote, command.auth, env);
    secrets.push(key);
    const client = createIdeogramV2Client(options);
    const jobs = ideogram.map((entry) => ideogramResumeJob(entry, out));
    runs.push(async (context) => {
      // A run killed while waiting left the empty temp file it had reserved for the result.
      for (const [i, job] of jobs.entries()) {
        const createdAt = ideogram[i]?.createdAt ?? 0;
        if (job.target?.kind === "file") await removeStaleReservations(job.target.path, createdAt);
      }
      const options = {
        client,
        store: fileResultStore({ overwrite: command.common.overwrite }),
        ledger: opened.ledger,
        codec: sharpCodec,
        signal: context.signal,
        deadlineMs: command.remote.deadlineMs,
        onEvent: context.onEvent,
        redact: context.redact,
        onLedgerError: opened.onLedgerError(context.note),
      };
      // Each job takes the signal itself (a cancel ends the rest as not started), so the batch is not given it.
      await runBatch(jobs, (job) => resumeIdeogramJob(job, options), {
        concurrency: command.common.concurrency ?? RESUME_CONCURRENCY,
      });
    });
  }

  return {
    total: midjourney.length + ideogram.length,
    // Named in JSON lines: the vendor whose work this is (both, joined, when the ledger held both).
    provider:
      [ideogram.length > 0 && "ideogram", midjourney.length > 0 && "midjourney"].filter(Boolean).join("+") ||
      (command.provider ?? "none"),
    secrets,
    ledger: opened.ledger,
    resume: resumeAgain(command),
    notes: [ledgerNote(midjourney, ideogram)],
    run: async (context) => {
      for (const run of runs) await run(context);
    },
  };
}

/** The vendor's key is there; without --provider, its absence also says how to finish the other vendor's work. */
function requireKey(
  command: ResumeAnyCommand,
  env: NodeJS.ProcessEnv,
  vendor: "ideogram" | "midjourney",
  count: number,
): void {
  try {
    apiKey(command.remote, env, vendor === "ideogram" ? "IDEOGRAM_API_KEY" : "GPTUNNEL_API_KEY");
  } catch (error) {
    if (!(error instanceof UsageError) || command.provider !== undefined) throw error;
    const other = vendor === "ideogram" ? "midjourney" : "ideogram";
    const work = vendor === "ideogram" ? "Ideogram generation" : "Midjourney task";
    throw new UsageError(
      `${error.message.replace(/\.$/, "")} to finish ${count} unfinished ${work}${count === 1 ? "" : "s"}; ` +
        `to finish only the other vendor's work: upscale resume --provider ${other}.`,
    );
  }
}

/**
 * A generation's place: the file its entry names (with -o, that name in the -o folder). An entry without one (not
 * written by this CLI) goes to `ideogram-<id>.png` in the -o folder or here.
 */
function ideogramResumeJob(entry: LedgerEntry, out: OutTarget): IdeogramResumeJob {
  const target = entry.target === undefined ? undefined : decodeLedgerTarget(entry.target);
  const fileName = target?.kind === "file" ? basename(target.path) : generationImageName(entry.taskId);
  const folder = out.kind === "dir" ? out.path : ".";
  const path = target?.kind === "file" && out.kind === "beside" ? target.path : join(folder, fileName);
  return {
    generationId: entry.taskId,
    source: { id: entry.taskId, name: entry.label ?? entry.taskId },
    fileName,
    target: { kind: "file", path },
  };
}

function ledgerNote(midjourney: readonly LedgerEntry[], ideogram: readonly LedgerEntry[]): string {
  const parts = [
    [ideogram.length, "Ideogram generation"],
    [midjourney.length, "Midjourney task"],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, noun]) => `${n} ${noun}${n === 1 ? "" : "s"}`);
  if (parts.length === 0) return "No unfinished paid work: nothing to resume.";
  const ids = [...ideogram, ...midjourney].map((entry) => entry.taskId).join(" ");
  return `Finishing ${parts.join(" and ")} already paid for (no new charge): ${ids}`;
}

/** What is left unfinished (a download that failed, a deadline) is offered again with the same command. */
function resumeAgain(command: ResumeAnyCommand): ResumeHint {
  if (command.provider === "ideogram") return ideogramResume(command.remote, command.auth);
  const flags = command.provider === undefined ? "" : ` --provider ${command.provider}`;
  return { noun: "paid task", command: () => `upscale resume${flags}` };
}
