import { abortOnInterrupt } from "./interrupt.js";
import type { BilledCalls } from "./reporter.js";
import { runCli } from "./run-cli.js";
import { removeTempFilesSync } from "./write-file-atomic.js";

/** Exit code after Ctrl-C, by shell convention (128 + SIGINT). */
const INTERRUPTED = 130;

const controller = new AbortController();
const billed: BilledCalls = { inFlight: 0, recorded: 0 };
abortOnInterrupt(process, controller, {
  onStopping: () => {
    const count = billed.inFlight;
    const waiting =
      count === 0
        ? ""
        : ` Letting ${count} billed ${count === 1 ? "request" : "requests"} already sent finish and be saved.`;
    process.stderr.write(`\nStopping…${waiting} (Ctrl-C again to quit at once)\n`);
  },
  onForceQuit: () => {
    removeTempFilesSync();
    if (billed.recorded > 0) {
      const tasks = billed.recorded === 1 ? "1 paid task" : `${billed.recorded} paid tasks`;
      process.stderr.write(
        `\nQuit: ${tasks} still running recorded; \`upscale resume\` finishes them, no new charge.\n`,
      );
    }
    if (billed.inFlight > billed.recorded) {
      process.stderr.write("\nQuit: a billed request was still in flight; its result (and charge) may be lost.\n");
    }
    process.exit(INTERRUPTED);
  },
});

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  streams: process,
  signal: controller.signal,
  billed,
});
process.exitCode = controller.signal.aborted ? INTERRUPTED : code;
