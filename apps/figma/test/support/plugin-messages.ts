import type { PluginRun } from "@upscale/figma-harness";
import type { MainToUi, RunStatus, UiToMain } from "../../src/shared/messages.js";

/** Messages travel as `[name, payload]` (@create-figma-plugin/utilities' emit). */
type Message = [string, unknown];

const isNamed =
  <K extends keyof MainToUi>(name: K, accept: (payload: MainToUi[K]) => boolean = () => true) =>
  (message: unknown): boolean =>
    Array.isArray(message) && message[0] === name && accept(message[1] as MainToUi[K]);

export function sendFromUi<K extends keyof UiToMain>(run: PluginRun, name: K, payload: UiToMain[K]): void {
  run.sendFromUi([name, payload]);
}

/** The first message named `name` posted after this call (not one already in the log). */
export async function nextToUi<K extends keyof MainToUi>(
  run: PluginRun,
  name: K,
  accept?: (payload: MainToUi[K]) => boolean,
  timeoutMs = 20_000,
): Promise<MainToUi[K]> {
  const start = run.messagesToUi.length;
  const matches = isNamed(name, accept);
  const message = (await run.waitForMessageToUi(
    (candidate) => run.messagesToUi.indexOf(candidate) >= start && matches(candidate),
    timeoutMs,
  )) as Message;
  return message[1] as MainToUi[K];
}

/** Sends a UI message and waits for the run it starts to end. */
export async function runToEnd<K extends keyof UiToMain>(
  run: PluginRun,
  name: K,
  payload: UiToMain[K],
  timeoutMs = 30_000,
): Promise<RunStatus> {
  const finished = nextToUi(run, "status", (status) => !status.running, timeoutMs);
  sendFromUi(run, name, payload);
  return finished;
}
