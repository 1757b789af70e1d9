import * as vscode from "vscode";
import type { OutputLog } from "../output-log.js";
import { COMPARE_COMMAND, compareWithOriginalCommand } from "./compare-command.js";
import { registerCompareSerializer } from "./compare-panel.js";
import { initResultOrigins } from "./result-origins.js";

/** Everything of "Compare with Original", set up at activation: one line in extension.ts. */
export function registerCompare(context: vscode.ExtensionContext, log: OutputLog): vscode.Disposable {
  const host = { extensionUri: context.extensionUri, log };
  return vscode.Disposable.from(
    initResultOrigins(context.globalState),
    vscode.commands.registerCommand(COMPARE_COMMAND, (clicked) => compareWithOriginalCommand(host, clicked)),
    registerCompareSerializer(host),
  );
}
