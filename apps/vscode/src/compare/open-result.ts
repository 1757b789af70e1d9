import * as vscode from "vscode";
import { isRecordedResult, originOf } from "./result-origins.js";

/** The compare panel's view type; its tab reports it with a prefix of VS Code's. */
export const COMPARE_VIEW_TYPE = "upscale.compare";

/** Results opened this session, the extension's own included when it does not know their original. */
const opened = new Set<string>();

/**
 * Opens a result where results go: one editor group beside its original, reused for every later result and
 * compare view, instead of a new column "beside" wherever focus happens to be.
 */
export async function openResult(result: vscode.Uri): Promise<void> {
  opened.add(result.toString());
  await vscode.commands.executeCommand("vscode.open", result, { viewColumn: resultsColumn(originOf(result)) });
}

/**
 * The column for a result of `original` (or a compare view): the results group when there is one that is not
 * the original's; else a group next to the one showing the original — the right one, else the left one (an
 * explorer click opens the next original wherever focus is, often in the results group itself), else a new one
 * on its right; else beside the active group.
 */
export function resultsColumn(original: vscode.Uri | undefined): vscode.ViewColumn {
  const groups = vscode.window.tabGroups;
  const showsOriginal = (group: vscode.TabGroup) =>
    original !== undefined && group.tabs.some((tab) => tabUri(tab)?.toString() === original.toString());
  const originalGroup = showsOriginal(groups.activeTabGroup)
    ? groups.activeTabGroup
    : groups.all.find((group) => showsOriginal(group));
  // Groups are found by what they show: VS Code replaces its TabGroup objects when the layout changes.
  const results = groups.all.find((group) => group !== originalGroup && group.tabs.some(isResultTab));
  if (results !== undefined) return results.viewColumn;
  if (originalGroup !== undefined) {
    const next = (offset: number) => groups.all.find((group) => group.viewColumn === originalGroup.viewColumn + offset);
    return (next(1) ?? next(-1))?.viewColumn ?? originalGroup.viewColumn + 1;
  }
  return vscode.ViewColumn.Beside;
}

function isResultTab(tab: vscode.Tab): boolean {
  if (tab.input instanceof vscode.TabInputWebview) return tab.input.viewType.endsWith(COMPARE_VIEW_TYPE);
  const uri = tabUri(tab);
  return uri !== undefined && (opened.has(uri.toString()) || isRecordedResult(uri));
}

export function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}
