import { abortOnInterrupt } from "./interrupt.js";
import { JobSignals } from "./job-signals.js";
import { runCli } from "./run-cli.js";
import { removeTempFilesSync } from "./write-file-atomic.js";

/** Exit code after Ctrl-C, by shell convention (128 + SIGINT). */
const INTERRUPTED = 130;

const controller = new AbortController();
const jobSignals = new JobSignals(controller.signal);
abortOnInterrupt(process, controller, {
  onStopping: () => {
    const billed = jobSignals.billedInFlight;
    const waiting =
      billed === 0
        ? ""
        : ` Letting ${billed} billed ${billed === 1 ? "request" : "requests"} already sent finish and be saved.`;
    process.stderr.write(`\nStopping…${waiting} (Ctrl-C again to quit at once)\n`);
  },
  onForceQuit: () => {
    removeTempFilesSync();
    if (jobSignals.billedInFlight > 0) {
      process.stderr.write("\nQuit: a billed request was still in flight; its result (and charge) may be lost.\n");
    }
    process.exit(INTERRUPTED);
  },
});

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  streams: process,
  signal: controller.signal,
  jobSignals,
});
process.exitCode = controller.signal.aborted ? INTERRUPTED : code;
