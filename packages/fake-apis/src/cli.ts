#!/usr/bin/env node
import { GPTUNNEL_AUTH, type HeaderAuth, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";
import { type CliCommand, parseCliOptions, USAGE } from "./cli-options.js";
import { DEFAULT_TASK_DURATION_MS } from "./scenario.js";
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
  Ideogram (official)  ${fake.ideogramUrl}   (POST /upscale)
                       ${header(IDEOGRAM_AUTH.official, fake.keys.ideogram)}
  Ideogram (relay)     ${fake.ideogramRelayUrl}
                       ${header(IDEOGRAM_AUTH.relay, fake.keys.ideogram)}
  Result images        ${fake.imagesUrl}   (send no key here)

Tasks take ${scenario?.task?.durationMs ?? DEFAULT_TASK_DURATION_MS} ms; balance: ${scenario?.balance ?? "unlimited"} generations.
`;
}

async function main(argv: string[]): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCliOptions(argv);
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
  console.log(banner(fake, command));
  const stop = () => {
    fake.close().then(
      () => console.log("Stopped."),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${messageOf(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(messageOf(error));
  process.exitCode = 1;
});
