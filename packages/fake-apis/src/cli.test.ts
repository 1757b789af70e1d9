import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
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
    expect(run.output.stdout).toMatch(/authorization: demo-key/i);
    expect(run.output.stdout).toMatch(/api-key: fake-ideogram-key/i);
    expect(run.output.stdout).toMatch(/authorization: Bearer fake-ideogram-key/i);
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
});
