import { type FailureReport, failureReport } from "@upscale/core";
import * as vscode from "vscode";
import { baseName } from "./uri-paths.js";

/** What the buttons of an error notification do; a button is offered only when its action is given. */
export interface ErrorActions {
  setApiKey?: () => unknown;
  retry?: () => unknown;
  resume?: (taskId: string) => unknown;
  /** Masks every key this session knows. */
  redact: (text: string) => string;
  /** A line for the "Upscale" output channel (which masks keys itself). */
  log: (line: string) => void;
}

/**
 * The buttons for what the core's report says the user can do next. Which failures may be retried or resumed is
 * the core's decision (`failureReport`): a call that may have been charged never gets a Retry here.
 */
export function failureButtons(report: FailureReport, actions: ErrorActions): string[] {
  const buttons: string[] = [];
  if (report.next === "set-key" && actions.setApiKey) buttons.push("Set API Key");
  if (report.next === "resume" && report.taskId !== undefined && actions.resume) buttons.push("Resume");
  if (report.next === "retry" && actions.retry) buttons.push("Retry");
  if (report.resultUrl !== undefined) buttons.push("Open Link", "Copy Link");
  // A refused key can also be the auth style or the address in the settings (a relay's bearer key).
  if (report.next === "fix-settings" || report.next === "set-key") buttons.push("Open Settings");
  return buttons;
}

/** The notification's text: the core's message, and what a button would cost when it charges again. */
export function failureMessage(report: FailureReport, prefix: string): string {
  let message = `${prefix}: ${report.message}`;
  if (report.next === "retry" && report.retryCharges) message += " Retry sends it again, which is charged again.";
  if (report.resultUrl !== undefined) message += " The link is also in the Upscale output.";
  return message;
}

/** An error notification for a report, whose buttons do what they say. */
export async function showFailure(report: FailureReport, actions: ErrorActions, prefix = "Upscale"): Promise<void> {
  if (report.resultUrl !== undefined) actions.log(`${prefix}: the paid result's link: ${report.resultUrl}`);
  const message = actions.redact(failureMessage(report, prefix));
  const answer = await vscode.window.showErrorMessage(message, ...failureButtons(report, actions));
  if (answer === "Set API Key") await actions.setApiKey?.();
  else if (answer === "Retry") await actions.retry?.();
  else if (answer === "Resume" && report.taskId !== undefined) await actions.resume?.(report.taskId);
  else if (answer === "Open Link" && report.resultUrl !== undefined) {
    await vscode.env.openExternal(vscode.Uri.parse(report.resultUrl));
  } else if (answer === "Copy Link" && report.resultUrl !== undefined) {
    await vscode.env.clipboard.writeText(report.resultUrl);
    void vscode.window.showInformationMessage("Upscale: the result's link is copied; it is valid for a short time.");
  } else if (answer === "Open Settings")
    await vscode.commands.executeCommand("workbench.action.openSettings", "upscale");
}

/** An error notification for `error`, rendered from the core's report; `billed`: the failed call charges per call. */
export async function showError(
  error: unknown,
  actions: ErrorActions,
  context: { billed: boolean; prefix?: string },
): Promise<void> {
  await showFailure(failureReport(error, { billed: context.billed, redact: actions.redact }), actions, context.prefix);
}

/**
 * What was done to kept results that the user should know ("Kept as PNG: converting it to WebP failed (…).", "Not
 * sent to Ideogram: …"), in one warning: each note once, after the results it is about — a batch of phone photos
 * would otherwise raise a toast per photo saying the same.
 */
export function showNotes(results: readonly { uri: vscode.Uri; notes: readonly string[] }[]): void {
  const filesOf = new Map<string, string[]>();
  for (const { uri, notes } of results) {
    for (const note of notes) filesOf.set(note, [...(filesOf.get(note) ?? []), baseName(uri)]);
  }
  const notesOf = new Map<string, string[]>();
  for (const [note, files] of filesOf) {
    const key = files.join(", ");
    notesOf.set(key, [...(notesOf.get(key) ?? []), note]);
  }
  if (notesOf.size === 0) return;
  const text = [...notesOf].map(([files, notes]) => `${files}: ${notes.join(" ")}`).join(" ");
  void vscode.window.showWarningMessage(`Upscale: ${text}`);
}
