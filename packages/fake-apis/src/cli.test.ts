import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

// The CLI is tested as users run it: the built file, in its own process, stopped with Ctrl-C.
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

let child: ChildProcessWithoutNullStreams | undefined;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @upscale/fake-apis build\` first.`);
});
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]) {
  child = spawn(process.execPath, [CLI, ...args]);
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
  return { process: child, output, exited };
}

async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 400; i++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Never saw ${pattern} in:\n${read()}`);
}

describe("pnpm fake-apis", () => {
  it("prints the URLs and keys, serves them, logs requests, and stops cleanly on Ctrl-C", async () => {
    const run = start(["--task-duration", "100", "--gptunnel-key", "demo-key"]);
    const [, gptunnelUrl] = await waitFor(() => run.output.stdout, /GPTunnel Midjourney\s+(\S+)/);
    await waitFor(() => run.output.stdout, /Result images\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(run.output.stdout).toMatch(/Authorization: demo-key/);
    expect(run.output.stdout).toMatch(/Api-Key: fake-ideogram-key/);
    expect(run.output.stdout).toMatch(/Tasks take 100 ms/);

    const response = await fetch(`${gptunnelUrl}/imagine`, {
      method: "POST",
      headers: { authorization: "demo-key" },
      body: JSON.stringify({ prompt: "from the shell" }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => run.output.stdout, /POST \/v1\/midjourney\/imagine → 200/);

    run.process.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output.stdout).toMatch(/Stopped\./);
    await expect(fetch(`${gptunnelUrl}/imagine`, { method: "POST" })).rejects.toThrow();
  });

  it("runs a scenario file for demos: a v2 generation that fails, and a negative GPTunnel balance", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fake-apis-")), "demo.json");
    writeFileSync(
      file,
      JSON.stringify({
        faults: [{ endpoint: "upscale-v2", fault: { kind: "generation-fails", reason: "demo failure" } }],
        account: { balance: -51.5, creditLimit: 15000 },
      }),
    );
    const run = start(["--quiet", "--scenario", file, "--generation-duration", "10"]);
    const [, gptunnelUrl] = await waitFor(() => run.output.stdout, /GPTunnel Midjourney\s+(\S+)/);
    await waitFor(() => run.output.stdout, /Ideogram v2 generations take 10 ms; faults: 1/);
    const balance = await fetch(`${new URL(gptunnelUrl ?? "").origin}/v1/balance`, {
      headers: { authorization: "fake-gptunnel-key" },
    });
    expect(await balance.json()).toMatchObject({ balance: -51.5, creditLimit: 15000 });
    run.process.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("stops on SIGTERM too", async () => {
    const run = start(["--quiet"]);
    await waitFor(() => run.output.stdout, /Ctrl-C to stop/);
    run.process.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("explains a bad flag and exits 2", async () => {
    const run = start(["--port", "eighty"]);
    expect(await run.exited).toBe(2);
    expect(run.output.stderr).toMatch(/--port takes a whole number/);
    expect(run.output.stderr).toMatch(/Usage:/);
  });

  it("explains a scenario file that is not JSON", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fake-apis-")), "broken.json");
    writeFileSync(file, "{ not json");
    const run = start(["--scenario", file]);
    expect(await run.exited).toBe(2);
    expect(run.output.stderr).toMatch(/JSON/);
  });
});
