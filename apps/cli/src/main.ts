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
      const tasks =
        billed.recorded === 1
          ? "1 paid task is still running; it is recorded, and `upscale resume` finishes it"
          : `${billed.recorded} paid tasks are still running; they are recorded, and \`upscale resume\` finishes them`;
      process.stderr.write(`\nQuit: ${tasks} without a new charge.\n`);
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
