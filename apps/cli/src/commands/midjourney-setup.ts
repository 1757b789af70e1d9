import { basename, dirname, join, resolve } from "node:path";
import {
  imageTypeOfName,
  type MidjourneyClient,
  type MidjourneyJob,
  type ResultTarget,
  runMidjourneyJobs,
  type TaskLedger,
} from "@upscale/core";
import { sharpCodec } from "@upscale/local";
import { UsageError } from "../cli-errors.js";
import { fileResultStore } from "../file-result-store.js";
import { openTaskLedger } from "../ledger-file.js";
import { type OutTarget, resolveOutTarget } from "../output-path.js";
import type { CommonOptions, MidjourneyOptions } from "../parse-args.js";
import type { RunContext } from "../plan.js";
import { midjourneyClient } from "../providers.js";

export interface MidjourneySetup {
  client: MidjourneyClient;
  target: OutTarget;
  overwrite: boolean;
  deadlineMs: number | undefined;
  /** Every task paid for is recorded here (a JSON file) until its image is saved: `resume` finds it later. */
  ledger: TaskLedger;
  onLedgerError: (note: (text: string) => void) => (error: unknown) => void;
  /** Result places as the user spelled them, by absolute path: how written paths are shown. */
  spelled: Map<string, string>;
}

/**
 * The client, output settings and task ledger every Midjourney command shares. A single -o file must be a .png:
 * the PNG is what carries the task id.
 */
export async function createMidjourneySetup(
  command: { midjourney: MidjourneyOptions; common: CommonOptions },
  env: NodeJS.ProcessEnv,
  severalResults: boolean,
  opened: Pick<MidjourneySetup, "ledger" | "onLedgerError"> = openTaskLedger(env),
): Promise<{ setup: MidjourneySetup; key: string }> {
  const { client, key } = midjourneyClient(command.midjourney, env);
  const target = await resolveOutTarget(command.common.out, severalResults);
  if (target.kind === "file" && imageTypeOfName(target.path) !== "image/png") {
    throw new UsageError("Midjourney images are saved as PNG with their task id inside: name the -o file .png.");
  }
  const { ledger, onLedgerError } = opened;
  const setup: MidjourneySetup = {
    client,
    target,
    overwrite: command.common.overwrite,
    deadlineMs: command.midjourney.deadlineMs,
    ledger,
    onLedgerError,
    spelled: new Map(),
  };
  return { setup, key };
}

/**
 * Where a task's own image goes (a new grid, a resumed task): the -o file, or a folder (here by default) where it
 * is named after its task. Absolute, since the ledger keeps it for a `resume` run from another folder.
 */
export function taskTarget(setup: MidjourneySetup): { target: ResultTarget; fileName?: string } {
  const { target } = setup;
  if (target.kind === "file") return fileTarget(setup, target.path);
  const folder = target.kind === "dir" ? target.path : ".";
  setup.spelled.set(resolve(folder), folder);
  return { target: { kind: "folder", path: resolve(folder) } };
}

/** A result file given by its path as spelled here: absolute for the ledger, shown as spelled. */
export function fileTarget(setup: MidjourneySetup, path: string): { target: ResultTarget; fileName: string } {
  setup.spelled.set(resolve(path), path);
  return { target: { kind: "file", path: resolve(path) }, fileName: basename(path) };
}

/**
 * Runs Midjourney jobs through the core: each image is written as a PNG carrying its task id, and the task stays
 * in the ledger until it is. `inputs` are the real files the jobs read, never written over.
 */
export function runMidjourney(
  setup: MidjourneySetup,
  jobs: readonly MidjourneyJob[],
  context: RunContext,
  options: { inputs?: ReadonlySet<string>; concurrency?: number } = {},
): Promise<unknown> {
  return runMidjourneyJobs(jobs, {
    client: setup.client,
    ledger: setup.ledger,
    codec: sharpCodec,
    deadlineMs: setup.deadlineMs,
    store: fileResultStore({ overwrite: setup.overwrite, inputs: options.inputs, show: (path) => shown(setup, path) }),
    signal: context.signal,
    concurrency: options.concurrency,
    onEvent: context.onEvent,
    redact: context.redact,
    onLedgerError: setup.onLedgerError(context.note),
  });
}

/** A path written as the user spelled its file or folder; one from the ledger (another run's) stays absolute. */
export function shown(setup: MidjourneySetup, path: string): string {
  const folder = setup.spelled.get(dirname(path));
  return setup.spelled.get(path) ?? (folder === undefined ? path : join(folder, basename(path)));
}
