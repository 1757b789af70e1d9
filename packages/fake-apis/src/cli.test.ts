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
  const started = spawn(process.execPath, [CLI, ...args]);
  child = started;
  const output = { stdout: "", stderr: "" };
  started.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  started.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  // "close", not "exit": by then everything the process printed has been read.
  const exited = new Promise<number | null>((resolve) => started.on("close", (code) => resolve(code)));
  /** Resolves the moment `pattern` appears on stdout, with no polling delay; fails if the process ends first. */
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output.stdout);
        if (match === null) return;
        started.stdout.off("data", check);
        resolve(match);
      };
      started.stdout.on("data", check);
      check();
      void exited.then(() =>
        reject(new Error(`Exited without printing ${pattern}:\n${output.stdout}${output.stderr}`)),
      );
    });
  return { process: started, output, exited, printed };
}

describe("pnpm fake-apis", () => {
  it("prints the URLs and keys, serves them, logs requests, and stops cleanly on Ctrl-C", async () => {
    const run = start(["--task-duration", "100", "--gptunnel-key", "demo-key"]);
    const [, gptunnelUrl] = await run.printed(/GPTunnel Midjourney\s+(\S+)/);
    await run.printed(/Result images\s+http:\/\/127\.0\.0\.1:\d+/);
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
    await run.printed(/POST \/v1\/midjourney\/imagine → 200/);

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
    const [, gptunnelUrl] = await run.printed(/GPTunnel Midjourney\s+(\S+)/);
    await run.printed(/Ideogram v2 generations take 10 ms; faults: 1/);
    const balance = await fetch(`${new URL(gptunnelUrl ?? "").origin}/v1/balance`, {
      headers: { authorization: "fake-gptunnel-key" },
    });
    expect(await balance.json()).toMatchObject({ balance: -51.5, creditLimit: 15000 });
    run.process.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("stops on SIGTERM too, even one sent the moment it says it is ready", async () => {
    const run = start(["--quiet"]);
    await run.printed(/Ctrl-C to stop/);
    run.process.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output.stdout).toMatch(/Stopped\./);
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
