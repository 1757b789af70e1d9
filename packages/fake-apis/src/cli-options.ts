import { parseArgs } from "node:util";
import type { Scenario } from "./scenario.js";
import type { FakeApisOptions } from "./start-fake-apis.js";

export const USAGE = `Usage: pnpm fake-apis [options]

Runs fake GPTunnel Midjourney (and /v1/balance) and Ideogram Upscale (v1 and v2) APIs on 127.0.0.1 until Ctrl-C.

Options:
  --scenario <file>        a Scenario as JSON (faults, funds, balances; see README.md); flags override it
  --port <n>               API port (default: any free port)
  --images-port <n>        result-image port (default: any free port)
  --task-duration <ms>     time a Midjourney task takes to finish (default: 3000)
  --running-status <text>  status string of a running task (default: running)
  --balance <n>            GPTunnel generations available (default: unlimited)
  --image-ttl <ms>         lifetime of result URLs (default: 24 h)
  --generation-duration <ms>  time an Ideogram v2 generation takes (default: 1000)
  --gptunnel-key <key>     GPTunnel key to accept (default: fake-gptunnel-key)
  --ideogram-key <key>     Ideogram key to accept (default: fake-ideogram-key)
  --quiet                  do not print each request
  --help                   show this help`;

export type CliCommand =
  | { kind: "help" }
  | { kind: "run"; options: FakeApisOptions; quiet: boolean; scenarioFile?: string };

/** Turns command-line flags into options, or throws an error that says which flag to fix. */
export function parseCliOptions(argv: string[]): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      "images-port": { type: "string" },
      "task-duration": { type: "string" },
      "running-status": { type: "string" },
      balance: { type: "string" },
      "image-ttl": { type: "string" },
      "generation-duration": { type: "string" },
      scenario: { type: "string" },
      "gptunnel-key": { type: "string" },
      "ideogram-key": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return { kind: "help" };
  const port = whole(values.port, "--port", 65535);
  const imagesPort = whole(values["images-port"], "--images-port", 65535);
  const durationMs = whole(values["task-duration"], "--task-duration");
  const balance = whole(values.balance, "--balance");
  const ttlMs = whole(values["image-ttl"], "--image-ttl");
  const generationMs = whole(values["generation-duration"], "--generation-duration");
  const runningStatus = values["running-status"];
  return {
    kind: "run",
    quiet: values.quiet,
    ...(values.scenario !== undefined && { scenarioFile: values.scenario }),
    options: {
      ...(port !== undefined && { port }),
      ...(imagesPort !== undefined && { imagesPort }),
      keys: {
        ...(values["gptunnel-key"] !== undefined && { gptunnel: values["gptunnel-key"] }),
        ...(values["ideogram-key"] !== undefined && { ideogram: values["ideogram-key"] }),
      },
      scenario: {
        ...(balance !== undefined && { balance }),
        task: {
          ...(durationMs !== undefined && { durationMs }),
          ...(runningStatus !== undefined && { runningStatus }),
        },
        ...(ttlMs !== undefined && { images: { ttlMs } }),
        ...(generationMs !== undefined && { ideogram: { generationMs } }),
      },
    },
  };
}

function whole(text: string | undefined, flag: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    throw new Error(`${flag} takes a whole number from 0 to ${max}, got "${text}".`);
  return value;
}

/** `file` (a scenario read from JSON) with the flags' settings on top, section by section. */
export function withScenarioFile(flags: Scenario, file: unknown): Scenario {
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    throw new Error("--scenario must name a JSON file holding one object (a Scenario, see README.md).");
  }
  const base = file as Scenario;
  const merged: Scenario = { ...base, ...flags };
  for (const section of ["task", "images", "ideogram", "account"] as const) {
    if (base[section] !== undefined || flags[section] !== undefined) {
      Object.assign(merged, { [section]: { ...base[section], ...flags[section] } });
    }
  }
  return merged;
}
