import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isToolOutput } from "@upscale/core";
import { type FakeApis, type Scenario, startFakeApis } from "@upscale/fake-apis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { imageSize, jsonLines, listFiles, makeImage, runCli, spawnCli, tempDir, waitFor } from "./helpers.js";

/**
 * Ideogram's v2 upscale through the built CLI, a real process, against the fake over loopback: models and their
 * flags, prices before paying, a spending limit that stops the batch before any billed request, what was spent,
 * paid generations that survive a killed process, `upscale resume` and `upscale balance`.
 */

const QUICK: Scenario = { ideogram: { generationMs: 200 } };

let fake: FakeApis;
let dir: { path: string; remove: () => Promise<void> };
/** Each test's own ledger (XDG_STATE_HOME), outside `dir` so file listings stay exact. */
let state: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  fake = await startFakeApis({ scenario: QUICK });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dir = await tempDir();
  state = await tempDir();
  fake.setScenario(QUICK);
  // A generation an earlier test left running holds a place in progress until it ends.
  await waitFor(() => fake.stats.inflight === 0, 30_000);
  fake.stats.reset();
});
afterEach(async () => {
  expect(fake.stats.keyLeaks).toBe(0);
  await dir.remove();
  await state.remove();
});

const env = (keys: { ideogram?: string; gptunnel?: string } = { ideogram: fake.keys.ideogram }) => {
  const variables: Record<string, string> = { XDG_STATE_HOME: state.path };
  if (keys.ideogram !== undefined) variables.IDEOGRAM_API_KEY = keys.ideogram;
  if (keys.gptunnel !== undefined) variables.GPTUNNEL_API_KEY = keys.gptunnel;
  return variables;
};
const ideogramArgs = (args: string[]) => ["--provider", "ideogram", "--base-url", fake.ideogramUrl, ...args];
const ideogram = (args: string[]) => runCli(ideogramArgs(args), { cwd: dir.path, env: env() });
const cli = (args: string[], keys?: Parameters<typeof env>[0]) => runCli(args, { cwd: dir.path, env: env(keys) });

/** Paid submissions that reached the fake, and generations it billed. */
const submissions = () => fake.stats.count("upscale-v2", "POST");
const ledgerFile = () => join(state.path, "upscale", "midjourney-tasks.json");
async function ledger(): Promise<Record<string, unknown>[]> {
  return JSON.parse(await readFile(ledgerFile(), "utf8").catch(() => "[]")) as Record<string, unknown>[];
}

describe("upscale --provider ideogram (v2)", () => {
  it("runs the chosen --model at its --scale; JSON lines carry costUsd and the summary says what was spent", async () => {
    await makeImage(join(dir.path, "a.png"), 600, 400);
    await makeImage(join(dir.path, "b.jpg"), 30, 20, "jpeg");

    const run = await ideogram(["--json", "--model", "topaz-standard-2", "--scale", "4", "a.png", "b.jpg"]);

    expect(run.code).toBe(0);
    const byInput = Object.fromEntries(jsonLines(run.stdout).map((line) => [line.input, line]));
    // The fake's price: $0.01 per output megapixel, at least one: 2400×1600 is 3.84 MP.
    expect(byInput["a.png"]).toEqual({
      input: "a.png",
      output: "a@4x.png",
      provider: "ideogram",
      width: 2400,
      height: 1600,
      ms: expect.any(Number),
      costUsd: 0.0384,
      taskId: expect.stringMatching(/^[\w-]{22}$/),
    });
    expect(byInput["b.jpg"]).toMatchObject({ output: "b@4x.jpg", width: 120, height: 80, costUsd: 0.01 });
    expect(await imageSize(join(dir.path, "b@4x.jpg"))).toEqual({ width: 120, height: 80, format: "jpeg" });
    expect(fake.stats.billed.map((bill) => [bill.model, bill.usdMicros]).sort()).toEqual([
      ["topaz-standard-2", 10_000],
      ["topaz-standard-2", 38_400],
    ]);
    expect(run.stderr).toMatch(/2 of 2 done in [^\n]+\nSpent \$0\.0484 \(billed by the vendor for 2 results\)\.\n$/);
    expect(isToolOutput(await readFile(join(dir.path, "a@4x.png")))).toBe(true);
    expect(await listFiles(dir.path)).toEqual(["a.png", "a@4x.png", "b.jpg", "b@4x.jpg"]);
    // Each generation was in the ledger while it ran and is settled now.
    expect(await ledger()).toEqual([]);
  });

  it("is auto at ×2 by default; --strength, --prompt and --resolution reach the models that take them", async () => {
    await makeImage(join(dir.path, "a.png"), 60, 40);
    const auto = await ideogram(["--json", "-o", "auto.png", "a.png"]);
    expect(jsonLines(auto.stdout)).toEqual([expect.objectContaining({ output: "auto.png", width: 120, height: 80 })]);
    const wonder = await ideogram(["--model", "topaz-wonder-3-5", "--strength", "high", "-o", "w.png", "a.png"]);
    expect(wonder.code).toBe(0);
    const bloom = await ideogram(["--model", "topaz-bloom-2", "--prompt", "crisp edges", "-o", "b.png", "a.png"]);
    expect(bloom.code).toBe(0);
    const nano = await ideogram(["--json", "--model", "nano-banana-pro", "--resolution", "1K", "a.png"]);
    // Nano Banana Pro regenerates at its tier (about 1024² pixels at 3:2), named by the nominal factor.
    expect(jsonLines(nano.stdout)).toEqual([
      expect.objectContaining({ output: "a@2x.png", width: 1248, height: 832, costUsd: expect.any(Number) }),
    ]);
    expect(fake.stats.billed.map((bill) => bill.model)).toEqual([
      "auto",
      "topaz-wonder-3-5",
      "topaz-bloom-2",
      "nano-banana-pro",
    ]);
  });

  it("refuses, before sending anything, a flag the model does not take and a factor it does not offer", async () => {
    await makeImage(join(dir.path, "a.png"), 60, 40);
    for (const [args, message] of [
      [["--strength", "high"], "upscale: --strength applies only to --model topaz-wonder-3-5, not auto.\n"],
      [
        ["--model", "topaz-wonder-4", "--scale", "8"],
        "upscale: Invalid Ideogram upscale request: Topaz Wonder 4 upscales ×2 or ×4 only, not ×8.\n",
      ],
      [["--model", "topaz-standard-2", "--prompt", "x"], expect.stringContaining("--prompt applies only to")],
      [["--model", "legacy", "--quote"], expect.stringContaining("--quote needs a v2 model")],
    ] as const) {
      const run = await ideogram([...args, "a.png"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toEqual(message);
    }
    // An output over 8192 px a side is refused per input, naming the factor that fits.
    await makeImage(join(dir.path, "big.png"), 1500, 1000);
    const capped = await ideogram(["--json", "--scale", "8", "big.png"]);
    expect(jsonLines(capped.stdout)).toEqual([
      { input: "big.png", error: { code: "INVALID_REQUEST", message: expect.stringContaining("choose ×4") } },
    ]);
    expect(fake.stats.log).toEqual([]);
  });

  it("--quote prints each file's price and the total, and bills nothing", async () => {
    await makeImage(join(dir.path, "a.png"), 600, 400);
    await makeImage(join(dir.path, "b.png"), 30, 20);

    const run = await ideogram(["--model", "topaz-standard-2", "--scale", "4", "--quote", "a.png", "b.png"]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("a.png: $0.0384\nb.png: $0.01\n");
    expect(run.stderr).toMatch(
      /^Total for 2 images with Topaz Standard V2 ×4: \$0\.0484\. Nothing was sent for upscaling; quotes are free\.\n2 of 2 quoted in /,
    );
    const json = await ideogram(["--json", "--scale", "4", "--quote", "a.png"]);
    expect(jsonLines(json.stdout)).toEqual([
      {
        input: "a.png",
        model: "auto",
        priceUsd: 0.0384,
        upperBoundUsd: 0.1152,
        qualifier: "estimate",
        provider: "ideogram",
      },
    ]);
    expect(fake.stats.count("quote", "POST")).toBe(3);
    expect(submissions()).toBe(0);
    expect(fake.stats.billed).toEqual([]);
    expect(await listFiles(dir.path)).toEqual(["a.png", "b.png"]);
    expect(await ledger()).toEqual([]);
  });

  it("--max-cost below the batch's upper bound refuses it before any billed request; above, it runs", async () => {
    await makeImage(join(dir.path, "a.png"), 600, 400);
    await makeImage(join(dir.path, "b.png"), 30, 20);

    // auto ×4: about $0.0484, at most $0.1452 (priced at the dearest model it may pick).
    const refused = await ideogram(["--scale", "4", "--max-cost", "0.10", "a.png", "b.png"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(
      /^Not sent: 2 images with Ideogram Auto ×4: about \$0\.0484 \(at most \$0\.1452\), above --max-cost \$0\.10\. Nothing was paid for/,
    );
    expect(refused.stderr).toMatch(/0 of 2 done, 2 not sent in /);
    const json = await ideogram(["--json", "--scale", "4", "--max-cost", "0.10", "a.png", "b.png"]);
    expect(jsonLines(json.stdout)).toEqual([
      { input: "a.png", error: { code: "OVER_MAX_COST", message: expect.stringContaining("above --max-cost") } },
      { input: "b.png", error: { code: "OVER_MAX_COST", message: expect.stringContaining("above --max-cost") } },
    ]);
    expect(submissions()).toBe(0);
    expect(fake.stats.billed).toEqual([]);
    expect(await listFiles(dir.path)).toEqual(["a.png", "b.png"]);

    const within = await ideogram(["--scale", "4", "--max-cost", "0.15", "a.png", "b.png"]);
    expect(within.code).toBe(0);
    expect(within.stderr).toMatch(
      /^Quoted 2 images with Ideogram Auto ×4: about \$0\.0484 \(at most \$0\.1452\), within/,
    );
    expect(within.stderr).toMatch(/Spent \$0\.0484 /);
    expect(submissions()).toBe(2);
  });

  it("keeps at most 10 images in progress, Ideogram's limit per organisation, so none is turned away", async () => {
    const names = Array.from({ length: 14 }, (_, i) => `img${i}.png`);
    for (const name of names) await makeImage(join(dir.path, name), 20, 20);
    fake.setScenario({ ideogram: { generationMs: 500 } });
    const run = await ideogram(["--json", ...names]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toHaveLength(14);
    expect(fake.stats.peakInflight).toBeLessThanOrEqual(10);
    expect(fake.stats.peakInflight).toBeGreaterThan(1);
    expect(fake.stats.log.filter((entry) => entry.status === 429)).toEqual([]);
    expect(submissions()).toBe(14);
    expect(run.stderr).not.toContain("Warning");
  });

  it("a price that cannot be had refuses the batch: a limit cannot be checked without it", async () => {
    await makeImage(join(dir.path, "a.png"), 60, 40);
    fake.setScenario({ ...QUICK, faults: [{ endpoint: "quote", fault: { kind: "status", status: 500 } }] });
    const run = await ideogram(["--json", "--max-cost", "5", "a.png"]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { input: "a.png", error: { code: "QUOTE_FAILED", message: expect.stringContaining("could not be priced") } },
    ]);
    expect(submissions()).toBe(0);
  });
});

describe("paid generations that outlive the process", () => {
  const started = /Ideogram generation (\S+) started for photo\.jpg\. If interrupted: upscale (resume .*)\n/;

  it("killed (SIGKILL) after the generation id is in the ledger: `upscale resume` downloads it, billed once", async () => {
    await makeImage(join(dir.path, "photo.jpg"), 60, 40, "jpeg");
    fake.setScenario({ ideogram: { generationMs: 4000 } });
    const first = spawnCli(ideogramArgs(["--model", "topaz-standard-2", "photo.jpg"]), { cwd: dir.path, env: env() });
    const [, taskId, hint] = await first.waitForStderr(started);
    // The id is announced only once the ledger file holds it.
    expect(await ledger()).toEqual([
      {
        taskId,
        vendor: "ideogram",
        kind: "upscale",
        createdAt: expect.any(Number),
        label: "photo.jpg",
        target: join(dir.path, "photo@2x.jpg"),
      },
    ]);
    first.child.kill("SIGKILL");
    expect(await first.done).toMatchObject({ signal: "SIGKILL" });
    expect(submissions()).toBe(1);
    // Nothing was written but the empty temp file the run had reserved for the result.
    expect(await listFiles(dir.path)).toEqual([
      expect.stringMatching(/^\.photo@2x\.jpg\.[0-9a-f]{12}\.tmp$/),
      "photo.jpg",
    ]);

    // The command the killed run printed, as a user would paste it.
    const resume = await cli([...(hint ?? "").split(" "), "--json"]);

    expect(resume.code).toBe(0);
    expect(resume.stderr).toMatch(
      new RegExp(`^Finishing 1 Ideogram generation already paid for \\(no new charge\\): ${taskId}\\n`),
    );
    expect(jsonLines(resume.stdout)).toEqual([
      {
        input: taskId,
        output: join(dir.path, "photo@2x.jpg"),
        provider: "ideogram",
        width: 120,
        height: 80,
        ms: expect.any(Number),
        costUsd: 0.01,
        taskId,
      },
    ]);
    expect(await imageSize(join(dir.path, "photo@2x.jpg"))).toEqual({ width: 120, height: 80, format: "jpeg" });
    expect(isToolOutput(await readFile(join(dir.path, "photo@2x.jpg")))).toBe(true);
    expect(await listFiles(dir.path)).toEqual(["photo.jpg", "photo@2x.jpg"]);
    expect(submissions()).toBe(1);
    expect(fake.stats.billed).toEqual([expect.objectContaining({ generationId: taskId })]);
    expect(await ledger()).toEqual([]);
    const again = await cli(["resume", "--provider", "ideogram", "--base-url", fake.ideogramUrl]);
    expect(again.stderr).toBe("No unfinished paid work: nothing to resume.\n");
  });

  it("a second Ctrl-C while a generation runs says it is recorded and `upscale resume` finishes it", async () => {
    await makeImage(join(dir.path, "photo.jpg"), 60, 40, "jpeg");
    fake.setScenario({ ideogram: { generationMs: 3000 } });
    const run = spawnCli(ideogramArgs(["photo.jpg"]), { cwd: dir.path, env: env() });
    await run.waitForStderr(started);
    run.child.kill("SIGINT");
    await run.waitForStderr(/Letting 1 billed request already sent finish/);
    run.child.kill("SIGINT");
    const quit = await run.done;
    expect(quit.code).toBe(130);
    expect(quit.stderr.trimEnd().split("\n").at(-1)).toBe(
      "Quit: 1 paid task is still running; it is recorded, and `upscale resume` finishes it without a new charge.",
    );
    expect(await listFiles(dir.path)).toEqual(["photo.jpg"]);
    const resume = await cli(["resume", "--provider", "ideogram", "--base-url", fake.ideogramUrl]);
    expect(resume.code).toBe(0);
    expect(await imageSize(join(dir.path, "photo@2x.jpg"))).toMatchObject({ width: 120, height: 80 });
    expect(submissions()).toBe(1);
  });

  it("`upscale resume` finishes each vendor's unfinished work; `upscale midjourney resume` only Midjourney's", async () => {
    await makeImage(join(dir.path, "photo.jpg"), 60, 40, "jpeg");
    // A Midjourney task left unfinished (its deadline passed) and an Ideogram generation left by a killed run.
    fake.setScenario({ task: { durationMs: 3000 }, ideogram: { generationMs: 3000 } });
    const keys = { ideogram: fake.keys.ideogram, gptunnel: fake.keys.gptunnel };
    const imagine = await cli(
      ["midjourney", "imagine", "a red fox", "--deadline", "0.3", "--base-url", fake.gptunnelUrl],
      keys,
    );
    expect(imagine.code).toBe(1);
    const killed = spawnCli(ideogramArgs(["photo.jpg"]), { cwd: dir.path, env: env(keys) });
    const [, generationId] = await killed.waitForStderr(started);
    killed.child.kill("SIGKILL");
    await killed.done;
    const pending = await ledger();
    expect(pending.map((entry) => entry.vendor ?? "gptunnel").sort()).toEqual(["gptunnel", "ideogram"]);
    const midjourneyTask = pending.find((entry) => entry.vendor !== "ideogram")?.taskId as string;

    // Without keys, nothing is sent; the vendors' own flags need --provider.
    const noKeys = await cli(["resume"], { ideogram: fake.keys.ideogram });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toBe(
      "upscale: No API key: set GPTUNNEL_API_KEY (or pass --api-key) to finish 1 unfinished Midjourney task; " +
        "to finish only the other vendor's work: upscale resume --provider ideogram.\n",
    );
    expect((await cli(["resume", "--base-url", fake.ideogramUrl], keys)).code).toBe(2);

    const midjourneyOnly = await cli(["midjourney", "resume", "--base-url", fake.gptunnelUrl], keys);
    expect(midjourneyOnly.code).toBe(0);
    expect(midjourneyOnly.stderr).toContain(
      `Finishing 1 unfinished Midjourney task (no new charge): ${midjourneyTask}`,
    );
    expect((await ledger()).map((entry) => entry.taskId)).toEqual([generationId]);

    const ideogramToo = await cli(["resume", "--provider", "ideogram", "--base-url", fake.ideogramUrl], keys);
    expect(ideogramToo.code).toBe(0);
    expect(await ledger()).toEqual([]);
    expect(await listFiles(dir.path)).toEqual([`midjourney-${midjourneyTask}.png`, "photo.jpg", "photo@2x.jpg"]);
    expect(fake.stats.count("imagine", "POST")).toBe(1);
    expect(submissions()).toBe(1);
  });
});

describe("upscale balance", () => {
  it("prints GPTunnel's balance and credit limit, and says Ideogram has no balance API", async () => {
    fake.setScenario({ account: { balance: -51.54397, creditLimit: 15000 } });
    const keys = { gptunnel: fake.keys.gptunnel };
    const run = await cli(["balance", "--base-url", fake.gptunnelUrl], keys);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "GPTunnel balance: -51.54 ₽, credit limit 15000.00 ₽ (14948.46 ₽ left to spend).\n" +
        "Ideogram has no balance API: see your credit in your Ideogram account; --quote prices an upscale before you pay.\n",
    );
    const json = await cli(["balance", "--json", "--base-url", fake.gptunnelUrl], keys);
    expect(jsonLines(json.stdout)).toEqual([
      { vendor: "gptunnel", balance: -51.54397, creditLimit: 15000, currency: "RUB" },
      { vendor: "ideogram", balance: null, message: expect.stringContaining("no balance API") },
    ]);
    expect(fake.stats.count("balance", "GET")).toBe(2);
  });

  it("a rejected key is AUTH (exit 1, never printed); no key is a usage error", async () => {
    const bad = await cli(["balance", "--base-url", fake.gptunnelUrl], { gptunnel: "wrong-key-123456" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^✗ GPTunnel balance: .*GPTUNNEL_API_KEY/);
    expect(bad.stdout + bad.stderr).not.toContain("wrong-key-123456");
    const none = await cli(["balance", "--base-url", fake.gptunnelUrl], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("upscale: No API key: set GPTUNNEL_API_KEY (or pass --api-key).\n");
  });
});
