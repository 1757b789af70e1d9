#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import {
  GPTUNNEL_AUTH,
  GPTUNNEL_BALANCE_SEGMENT,
  type HeaderAuth,
  IDEOGRAM_AUTH,
  IDEOGRAM_UPSCALE_PATH,
  IDEOGRAM_V2_GENERATIONS_PATH,
  IDEOGRAM_V2_UPSCALE_PATH,
} from "@upscale/core/vendor-facts";
import { type CliCommand, parseCliOptions, USAGE, withScenarioFile } from "./cli-options.js";
import { DEFAULT_GENERATION_MS, DEFAULT_TASK_DURATION_MS } from "./scenario.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";
import type { RequestLogEntry } from "./stats.js";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function printRequest(entry: RequestLogEntry): void {
  const faults = entry.faults.length > 0 ? `  [${entry.faults.join(", ")}]` : "";
  console.log(`${entry.method} ${entry.path} → ${entry.status}${faults}`);
}

const header = ({ header, prefix }: HeaderAuth, key: string) => `header  ${header}: ${prefix}${key}`;

function banner(fake: FakeApis, command: Extract<CliCommand, { kind: "run" }>): string {
  const { scenario } = command.options;
  return `Fake GPTunnel + Ideogram APIs on 127.0.0.1. Ctrl-C to stop.

  GPTunnel Midjourney  ${fake.gptunnelUrl}
                       ${header(GPTUNNEL_AUTH, fake.keys.gptunnel)}
  GPTunnel balance     ${new URL(fake.gptunnelUrl).origin}/v1/${GPTUNNEL_BALANCE_SEGMENT}
  Ideogram (official)  ${fake.ideogramUrl}   (POST ${IDEOGRAM_UPSCALE_PATH}, POST ${IDEOGRAM_V2_UPSCALE_PATH}/{model}, GET ${IDEOGRAM_V2_GENERATIONS_PATH}/{id})
                       ${header(IDEOGRAM_AUTH.official, fake.keys.ideogram)}
  Ideogram (relay)     ${fake.ideogramRelayUrl}
                       ${header(IDEOGRAM_AUTH.relay, fake.keys.ideogram)}
  Result images        ${fake.imagesUrl}   (send no key here)

Tasks take ${scenario?.task?.durationMs ?? DEFAULT_TASK_DURATION_MS} ms; balance: ${scenario?.balance ?? "unlimited"} generations.
Ideogram v2 generations take ${scenario?.ideogram?.generationMs ?? DEFAULT_GENERATION_MS} ms; faults: ${scenario?.faults?.length ?? 0}.
`;
}

async function main(argv: string[]): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCliOptions(argv);
    if (command.kind === "run" && command.scenarioFile !== undefined) {
      const file: unknown = JSON.parse(await readFile(command.scenarioFile, "utf8"));
      command.options.scenario = withScenarioFile(command.options.scenario ?? {}, file);
    }
  } catch (error) {
    console.error(`${messageOf(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    console.log(USAGE);
    return;
  }
  const fake = await startFakeApis({ ...command.options, onRequest: command.quiet ? undefined : printRequest });
  const stop = () => {
    fake.close().then(
      () => console.log("Stopped."),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${messageOf(error)}`);
        process.exitCode = 1;
      },
    );
  };
  // Before the banner: whoever waits for it (a person, a script, a test) may send the signal the moment it appears.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(banner(fake, command));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(messageOf(error));
  process.exitCode = 1;
});
