import { canResumeTask, isUpscaleError, NetworkError, redactSecrets } from "@upscale/core";
import * as vscode from "vscode";
import { errorMessage } from "./output-log.js";

/** What the buttons of an error notification do; a button is offered only when its action is given. */
export interface ErrorActions {
  setApiKey?: () => unknown;
  retry?: () => unknown;
  resume?: (taskId: string) => unknown;
  /** Keys to mask in the message. */
  secrets: readonly string[];
}

const RETRYABLE = new Set(["NETWORK", "SERVER_ERROR", "RATE_LIMITED", "TIMEOUT", "BAD_RESPONSE"]);
const SETTINGS_PROBLEMS = new Set(["INVALID_REQUEST", "NOT_FOUND", "UNKNOWN_PROVIDER"]);

/** The buttons an error deserves, by its code: what the user can do next. */
export function errorButtons(error: unknown, actions: ErrorActions): string[] {
  const code = isUpscaleError(error) ? error.code : undefined;
  const taskId = isUpscaleError(error) ? error.taskId : undefined;
  const buttons: string[] = [];
  if (code === "AUTH" && actions.setApiKey) buttons.push("Set API Key");
  // A paid task that is not lost: finish it instead of paying again (not one that failed or GPTunnel does not know).
  if (canResumeTask(error) && actions.resume) buttons.push("Resume");
  // A charged call that may have reached the vendor is not offered again blindly; the message says what to check.
  const mayBeCharged = error instanceof NetworkError && error.mayHaveReachedServer;
  if (code !== undefined && RETRYABLE.has(code) && taskId === undefined && !mayBeCharged && actions.retry) {
    buttons.push("Retry");
  }
  if (code !== undefined && (SETTINGS_PROBLEMS.has(code) || code === "AUTH")) buttons.push("Open Settings");
  return buttons;
}

/** An error notification whose buttons do what they say. */
export async function showError(error: unknown, actions: ErrorActions, prefix = "Upscale"): Promise<void> {
  const message = redactSecrets(`${prefix}: ${errorMessage(error)}`, actions.secrets);
  const answer = await vscode.window.showErrorMessage(message, ...errorButtons(error, actions));
  const taskId = isUpscaleError(error) ? error.taskId : undefined;
  if (answer === "Set API Key") await actions.setApiKey?.();
  else if (answer === "Retry") await actions.retry?.();
  else if (answer === "Resume" && taskId !== undefined) await actions.resume?.(taskId);
  else if (answer === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "upscale");
}

export function isCancel(error: unknown): boolean {
  return isUpscaleError(error) && error.code === "ABORTED";
}
