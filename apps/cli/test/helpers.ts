import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sharp from "sharp";

export const CLI = new URL("../dist/cli.js", import.meta.url).pathname;

/**
 * The CLI keeps its ledger of unfinished Midjourney tasks under XDG_STATE_HOME: every test file gets its own,
 * never the developer's, and it is removed when the file's tests end.
 */
export const STATE_HOME = mkdtempSync(join(tmpdir(), "upscale-cli-state-"));
process.on("exit", () => rmSync(STATE_HOME, { recursive: true, force: true }));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Resolves once stderr matches, with the match. */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  done: Promise<CliRun>;
}

/** Starts the built CLI with only the environment given (no keys leak in from the developer's shell). */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }): SpawnedCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", XDG_STATE_HOME: STATE_HOME, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = stderr.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitForStderr = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const match = stderr.match(pattern);
      if (match) return resolve(match);
      waiters.push({ pattern, resolve });
      done.then((run) =>
        reject(new Error(`CLI exited (${run.code}) before stderr matched ${pattern}:\n${run.stderr}`)),
      );
    });
  return { child, waitForStderr, done };
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/** Parses --json output: one object per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "upscale-cli-e2e-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A small, non-uniform test image (gradient + shapes) so resampling has something to work on. */
export async function makeImage(path: string, width: number, height: number, format: "png" | "jpeg" | "webp" = "png") {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#fff"/>
  </svg>`;
  await mkdir(dirname(path), { recursive: true });
  await sharp(Buffer.from(svg)).toFormat(format).toFile(path);
}

export async function imageSize(path: string): Promise<{ width: number; height: number; format: string }> {
  const { width, height, format } = await sharp(path).metadata();
  return { width, height, format };
}

/** Every file under `dir` (relative paths, sorted), to prove nothing partial or temporary is left. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Resolves once `condition` holds (checked every 10 ms), or rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
