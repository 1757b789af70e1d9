import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jsonLines, listFiles, makeImage, runCli, spawnCli, tempDir } from "./helpers.js";

let fake: FakeApis;
let dir: { path: string; remove: () => Promise<void> };
/** Each test's own ledger of unfinished tasks (XDG_STATE_HOME), outside `dir` so file listings stay exact. */
let state: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dir = await tempDir();
  state = await tempDir();
  fake.setScenario({ task: { durationMs: 1500 } });
  fake.stats.reset();
});
afterEach(async () => {
  await dir.remove();
  await state.remove();
});

const TASK_ID = /[0-9a-f]{24}/;

function midjourneyArgs(args: string[]): string[] {
  return ["midjourney", ...args, "--base-url", fake.gptunnelUrl];
}

const env = (key = fake.keys.gptunnel) => ({ GPTUNNEL_API_KEY: key, XDG_STATE_HOME: state.path });

const midjourney = (args: string[], key = fake.keys.gptunnel) =>
  runCli(midjourneyArgs(args), { cwd: dir.path, env: env(key) });

/** The task id another tool (libspng, via sharp) reads from the PNG's text chunks. */
async function taskIdInPng(path: string): Promise<string | undefined> {
  const { comments } = await sharp(path).metadata();
  return comments?.find((comment) => comment.keyword === "midjourney-task-id")?.text;
}

/**
 * A pass-through proxy in front of the fake that reports when a request to `path` arrives, so a test can
 * interrupt the CLI exactly while that request is in flight.
 */
async function startGate(
  upstreamBase: string,
  path: string,
): Promise<{ url: string; reached: Promise<void>; close: () => Promise<void> }> {
  const upstream = new URL(upstreamBase);
  let arrived: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = createServer((req, res) => {
    if (req.url?.endsWith(path)) arrived();
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    reached,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("upscale midjourney", () => {
  it("imagine saves the grid with its task id inside; upsample takes that PNG; resume never pays again", async () => {
    const imagine = await midjourney(["imagine", "a lighthouse at dawn", "--json"]);
    expect(imagine.code).toBe(0);
    const [grid] = jsonLines(imagine.stdout);
    const gridTaskId = grid?.taskId as string;
    expect(grid).toEqual({
      input: "a lighthouse at dawn",
      output: `midjourney-${gridTaskId}.png`,
      provider: "midjourney",
      width: 512,
      height: 512,
      ms: expect.any(Number),
      taskId: expect.stringMatching(TASK_ID),
    });
    expect(imagine.stderr).toContain(`Midjourney task ${gridTaskId} started`);
    expect(await taskIdInPng(join(dir.path, `midjourney-${gridTaskId}.png`))).toBe(gridTaskId);

    const upsample = await midjourney(["upsample", `midjourney-${gridTaskId}.png`, "--index", "2", "--json"]);
    expect(upsample.code).toBe(0);
    const [upsampled] = jsonLines(upsample.stdout);
    expect(upsampled).toMatchObject({ output: `midjourney-${gridTaskId}@u2.png`, width: 512, height: 512 });
    expect(upsampled?.taskId).not.toBe(gridTaskId);
    expect(await taskIdInPng(join(dir.path, upsampled?.output as string))).toBe(upsampled?.taskId);

    const gridPng = `midjourney-${gridTaskId}.png`;
    const twice = await midjourney(["upsample", gridTaskId, gridPng, `./${gridPng}`, "--index", "3", "--json"]);
    expect(jsonLines(twice.stdout)).toEqual([
      expect.objectContaining({ input: gridTaskId, output: `midjourney-${gridTaskId}@u3.png` }),
    ]);

    const resume = await midjourney(["resume", gridTaskId, "-o", "again/", "--json"]);
    expect(resume.code).toBe(0);
    expect(jsonLines(resume.stdout)).toEqual([
      expect.objectContaining({ output: `again/midjourney-${gridTaskId}.png` }),
    ]);
    expect(await readFile(join(dir.path, "again", `midjourney-${gridTaskId}.png`))).toEqual(
      await readFile(join(dir.path, `midjourney-${gridTaskId}.png`)),
    );

    expect(fake.stats.count("imagine")).toBe(1);
    expect(fake.stats.count("upsample")).toBe(2);
    expect(fake.stats.keyLeaks).toBe(0);
  });

  it("variation of a grid needs --index, checked before anything is charged, and saves a new grid", async () => {
    const imagine = await midjourney(["imagine", "a fox", "--json"]);
    const gridTaskId = jsonLines(imagine.stdout)[0]?.taskId as string;

    const neither = await midjourney(["variation", gridTaskId]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe(
      "upscale: Say what to vary: --index 1..4 for a grid, --mode high|low for an upsampled image.\n",
    );
    const missingIndex = await midjourney(["variation", gridTaskId, "--mode", "high"]);
    expect(missingIndex.code).toBe(1);
    expect(missingIndex.stderr).toContain("is a grid: choose the image to vary, 1 to 4");
    expect(fake.stats.count("variation")).toBe(0);

    const variation = await midjourney(["variation", `midjourney-${gridTaskId}.png`, "--index", "3", "--json"]);
    expect(variation.code).toBe(0);
    const [line] = jsonLines(variation.stdout);
    expect(line?.taskId).not.toBe(gridTaskId);
    expect(line).toMatchObject({ output: `midjourney-${line?.taskId}.png`, width: 512, height: 512 });
    expect(fake.stats.count("variation")).toBe(1);
  });

  it("a stuck task stops at --deadline with TIMEOUT, saves nothing, and says how to resume", async () => {
    fake.setScenario({
      task: { durationMs: 1500 },
      faults: [{ endpoint: "imagine", fault: { kind: "never-finish" } }],
    });
    const run = await midjourney(["imagine", "stuck", "--deadline", "2", "--json"]);
    expect(run.code).toBe(1);
    const [line] = jsonLines(run.stdout);
    const taskId = (line?.error as { taskId?: string } | undefined)?.taskId;
    expect(taskId).toMatch(TASK_ID);
    expect(line).toEqual({ input: "stuck", error: { code: "TIMEOUT", message: expect.any(String), taskId } });
    expect(run.stderr).toContain(`upscale midjourney resume ${taskId}`);
    expect(await listFiles(dir.path)).toEqual([]);
    expect(fake.stats.count("imagine")).toBe(1);
  });

  it("Ctrl-C mid-task exits 130, leaves no file, prints the id; resume then finishes it without a new charge", async () => {
    fake.setScenario({ task: { durationMs: 6000 } });
    const cli = spawnCli(midjourneyArgs(["imagine", "slow", "--json"]), {
      cwd: dir.path,
      env: env(),
    });
    const [, taskId] = (await cli.waitForStderr(/Midjourney task ([0-9a-f]{24}) started/)) as [string, string];
    cli.child.kill("SIGINT");
    const run = await cli.done;

    expect(run.code).toBe(130);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "slow", error: { code: "ABORTED", message: expect.stringContaining(taskId), taskId } },
    ]);
    expect(run.stderr).toContain(`upscale midjourney resume ${taskId}`);
    expect(await listFiles(dir.path)).toEqual([]);

    const resume = await midjourney(["resume", taskId]);
    expect(resume.code).toBe(0);
    expect(await listFiles(dir.path)).toEqual([`midjourney-${taskId}.png`]);
    expect(fake.stats.count("imagine")).toBe(1);
  });

  it("Ctrl-C while imagine is being sent lets it finish, prints its id, and resume needs no second imagine", async () => {
    fake.setScenario({
      task: { durationMs: 1500 },
      faults: [{ endpoint: "imagine", fault: { kind: "latency", ms: 1500 } }],
    });
    const gate = await startGate(fake.gptunnelUrl, "/imagine");
    try {
      const cli = spawnCli(["midjourney", "imagine", "slow to submit", "--json", "--base-url", gate.url], {
        cwd: dir.path,
        env: env(),
      });
      await gate.reached;
      cli.child.kill("SIGINT");
      const run = await cli.done;

      expect(run.code).toBe(130);
      const [line] = jsonLines(run.stdout);
      const taskId = (line?.error as { taskId?: string } | undefined)?.taskId as string;
      expect(taskId).toMatch(TASK_ID);
      expect(line).toEqual({
        input: "slow to submit",
        error: { code: "ABORTED", message: expect.any(String), taskId },
      });
      expect(run.stderr).toContain(`upscale midjourney resume ${taskId}`);
      expect(fake.stats.count("imagine")).toBe(1);

      const resume = await midjourney(["resume", taskId]);
      expect(resume.code).toBe(0);
      expect(await listFiles(dir.path)).toEqual([`midjourney-${taskId}.png`]);
      expect(fake.stats.count("imagine")).toBe(1);
    } finally {
      await gate.close();
    }
  });

  it("a second Ctrl-C quits at once, even while imagine is being sent", async () => {
    fake.setScenario({ faults: [{ endpoint: "imagine", fault: { kind: "latency", ms: 30_000 } }] });
    const gate = await startGate(fake.gptunnelUrl, "/imagine");
    try {
      const cli = spawnCli(["midjourney", "imagine", "never mind", "--base-url", gate.url], {
        cwd: dir.path,
        env: env(),
      });
      await gate.reached;
      cli.child.kill("SIGINT");
      await cli.waitForStderr(/Stopping/);
      cli.child.kill("SIGINT");
      const run = await cli.done;
      expect(run.code).toBe(130);
      expect(run.stderr).not.toContain("started");
      expect(run.stderr).toContain("Letting 1 billed request already sent finish and be saved");
      expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(
        "Quit: a billed request was still in flight; its result (and charge) may be lost.",
      );
      expect(await listFiles(dir.path)).toEqual([]);
    } finally {
      await gate.close();
    }
  });

  it("`resume` with no ids finishes every paid task left unfinished, into the place it was meant for", async () => {
    fake.setScenario({ task: { durationMs: 6000 } });
    const cli = spawnCli(midjourneyArgs(["imagine", "slow", "-o", "grids/"]), { cwd: dir.path, env: env() });
    const [, taskId] = (await cli.waitForStderr(/Midjourney task ([0-9a-f]{24}) started/)) as [string, string];
    cli.child.kill("SIGINT");
    expect((await cli.done).code).toBe(130);

    fake.setScenario({ task: { durationMs: 500 } });
    await mkdir(join(dir.path, "elsewhere"));
    const resume = await runCli(midjourneyArgs(["resume"]), { cwd: join(dir.path, "elsewhere"), env: env() });
    expect(resume.code).toBe(0);
    expect(resume.stderr).toContain(`Finishing 1 unfinished Midjourney task (no new charge): ${taskId}`);
    expect(await listFiles(dir.path)).toEqual([`grids/midjourney-${taskId}.png`]);
    expect(fake.stats.count("imagine")).toBe(1);

    const again = await midjourney(["resume"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("No unfinished Midjourney tasks: nothing to resume.\n");
  });

  it("`resume` settles a task whose image an earlier run saved but could not tell the ledger, fetching nothing", async () => {
    const imagine = await midjourney(["imagine", "saved already", "--json"]);
    const taskId = jsonLines(imagine.stdout)[0]?.taskId as string;
    // As if that run had stopped between writing the PNG and settling its entry.
    const ledgerFile = join(state.path, "upscale", "midjourney-tasks.json");
    await writeFile(ledgerFile, JSON.stringify([{ taskId, kind: "imagine", createdAt: 1, target: `${dir.path}/` }]));
    fake.stats.reset();

    const resume = await midjourney(["resume", "--json"]);
    expect(resume.code).toBe(0);
    expect(jsonLines(resume.stdout)).toEqual([
      expect.objectContaining({
        input: taskId,
        output: join(dir.path, `midjourney-${taskId}.png`),
        width: 512,
        taskId,
      }),
    ]);
    expect(fake.stats.log).toEqual([]);
    expect(JSON.parse(await readFile(ledgerFile, "utf8"))).toEqual([]);
  });

  it("a task that failed for good is not left for resume", async () => {
    fake.setScenario({ task: { durationMs: 1000 }, faults: [{ endpoint: "imagine", fault: { kind: "task-fails" } }] });
    const run = await midjourney(["imagine", "doomed"]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("Unfinished");
    const json = await midjourney(["imagine", "doomed", "--json"]);
    expect(jsonLines(json.stdout)).toEqual([
      { input: "doomed", error: { code: "TASK_FAILED", message: expect.stringContaining("failed") } },
    ]);
    const resume = await midjourney(["resume"]);
    expect(resume.stderr).toBe("No unfinished Midjourney tasks: nothing to resume.\n");
  });

  it("resuming a task GPTunnel does not know fails without advising to resume it again", async () => {
    const unknown = "0123456789abcdef01234567";
    const run = await midjourney(["resume", unknown, "--json"]);
    expect(run.code).toBe(1);
    // No taskId in the JSON either: --help promises it only to resume.
    expect(jsonLines(run.stdout)).toEqual([
      { input: unknown, error: { code: "INVALID_REQUEST", message: expect.stringContaining("not found") } },
    ]);
    expect(run.stderr).not.toContain("resume");
  });

  it("an empty prompt is a usage error (exit 2) and nothing is sent", async () => {
    for (const prompt of ["", "   "]) {
      const run = await midjourney(["imagine", prompt]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("upscale: The prompt is empty: describe the image to generate, in quotes.\n");
    }
    expect(fake.stats.log).toEqual([]);
  });

  it("out of balance: INSUFFICIENT_BALANCE, exit 1, nothing saved", async () => {
    fake.setScenario({ balance: 0 });
    const run = await midjourney(["imagine", "anything"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Top up your GPTunnel balance");
    expect(await listFiles(dir.path)).toEqual([]);
  });

  it("a bad key fails with AUTH and is never printed", async () => {
    const badKey = "gpt-wrong-key-0123456789";
    const run = await midjourney(["imagine", "anything", "--json"], badKey);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      {
        input: "anything",
        error: { code: "AUTH", message: expect.stringContaining("set GPTUNNEL_API_KEY (or pass --api-key)") },
      },
    ]);
    expect(run.stdout + run.stderr).not.toContain(badKey);
  });

  it("upsample refuses a PNG without a task id, and needs --index", async () => {
    await makeImage(join(dir.path, "photo.png"), 32, 32);
    const noId = await midjourney(["upsample", "photo.png", "--index", "1", "--json"]);
    expect(noId.code).toBe(1);
    expect(jsonLines(noId.stdout)).toEqual([
      {
        input: "photo.png",
        error: { code: "NO_TASK_ID", message: expect.stringContaining("pass the task id instead") },
      },
    ]);
    const noIndex = await midjourney(["upsample", "photo.png"]);
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toBe("upscale: Say which image of the grid to upsample: --index 1..4.\n");
    expect(fake.stats.log).toEqual([]);
  });
});
