import { abortOnInterrupt } from "./interrupt.js";
import { runCli } from "./run-cli.js";
import { removeTempFilesSync } from "./write-file-atomic.js";

/** Exit code after Ctrl-C, by shell convention (128 + SIGINT). */
const INTERRUPTED = 130;

const controller = new AbortController();
abortOnInterrupt(process, controller, {
  onStopping: () => process.stderr.write("\nStopping… (Ctrl-C again to quit at once)\n"),
  onForceQuit: () => {
    removeTempFilesSync();
    process.exit(INTERRUPTED);
  },
});

const code = await runCli(process.argv.slice(2), { env: process.env, streams: process, signal: controller.signal });
process.exitCode = controller.signal.aborted ? INTERRUPTED : code;
