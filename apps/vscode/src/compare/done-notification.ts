import * as vscode from "vscode";
import { baseName } from "../uri-paths.js";
import { COMPARE_COMMAND } from "./compare-command.js";
import { originOf } from "./result-origins.js";

const COMPARE = "Compare";

/**
 * The "done" notification of an upscale, with a Compare button when a result has a known original: one result
 * opens its compare view at once, several are offered in a pick first.
 */
export async function showDoneWithCompare(message: string, results: readonly vscode.Uri[]): Promise<void> {
  const comparable = results.filter((result) => originOf(result) !== undefined);
  const answer = await vscode.window.showInformationMessage(message, ...(comparable.length > 0 ? [COMPARE] : []));
  if (answer !== COMPARE) return;
  const [only] = comparable;
  const chosen =
    comparable.length === 1
      ? only
      : (
          await vscode.window.showQuickPick(
            comparable.map((uri) => ({
              label: baseName(uri),
              description: `from ${baseName(originOf(uri) ?? uri)}`,
              uri,
            })),
            { title: "Compare which result with its original?" },
          )
        )?.uri;
  if (chosen !== undefined) await vscode.commands.executeCommand(COMPARE_COMMAND, chosen);
}
