import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { errorMessage, type OutputLog } from "../output-log.js";
import { baseName, parentFolder } from "../uri-paths.js";
import { compareHtml } from "./compare-html.js";
import { discardResult } from "./discard-result.js";
import { type ComparedImage, type FromWebview, isComparePanelState, type ToWebview } from "./messages.js";
import { COMPARE_VIEW_TYPE, resultsColumn, tabUri } from "./open-result.js";
import { forgetResult } from "./result-origins.js";

export interface ComparePair {
  original: vscode.Uri;
  result: vscode.Uri;
}

/** What the panels need from the extension. */
export interface CompareHost {
  extensionUri: vscode.Uri;
  log: OutputLog;
}

/** One panel per result: comparing it again shows the open one. */
const panels = new Map<string, vscode.WebviewPanel>();

/** Opens (or reveals) the compare view of `pair` in the results group; `started` is when the user asked. */
export function showCompare(host: CompareHost, pair: ComparePair, started = performance.now()): void {
  const open = panels.get(pair.result.toString());
  if (open !== undefined) {
    open.reveal();
    return;
  }
  const panel = vscode.window.createWebviewPanel(
    COMPARE_VIEW_TYPE,
    title(pair),
    { viewColumn: resultsColumn(pair.original), preserveFocus: false },
    webviewOptions(host, pair),
  );
  attach(host, panel, pair, started);
}

/** Brings compare views back after a window reload, from the URIs their webviews kept. */
export function registerCompareSerializer(host: CompareHost): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      if (!isComparePanelState(state)) {
        panel.dispose();
        return;
      }
      const pair = { original: vscode.Uri.parse(state.original), result: vscode.Uri.parse(state.result) };
      panel.webview.options = webviewOptions(host, pair);
      attach(host, panel, pair);
    },
  });
}

function webviewOptions(host: CompareHost, pair: ComparePair): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  // The extension's own script, and the folders of the two images: nothing else may load.
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(host.extensionUri, "dist"),
      parentFolder(pair.original),
      parentFolder(pair.result),
    ],
  };
}

function title(pair: ComparePair): string {
  return `Compare ${baseName(pair.result)}`;
}

function attach(host: CompareHost, panel: vscode.WebviewPanel, pair: ComparePair, started?: number): void {
  const key = pair.result.toString();
  panels.set(key, panel);
  panel.title = title(pair);
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, "dist", "compare-webview.js"));
  panel.webview.html = compareHtml({
    scriptUri: script.toString(),
    nonce: randomUUID().replaceAll("-", ""),
    title: title(pair),
    cspSource: panel.webview.cspSource,
    preload: [pair.original, pair.result].map((uri) => panel.webview.asWebviewUri(uri).toString()),
  });
  let disposed = false;
  let busy = false;
  let logged = false;
  const post = async (message: ToWebview) => {
    if (!disposed) await panel.webview.postMessage(message);
  };
  const names = `${baseName(pair.original)} ↔ ${baseName(pair.result)}`;
  const describe = (uri: vscode.Uri) => describeImage(uri, panel.webview);
  const timing = { ready: 0, posted: 0, bytes: 0 };

  const sendImages = async () => {
    try {
      timing.ready = performance.now();
      const [original, result] = await Promise.all([describe(pair.original), describe(pair.result)]);
      await post({ type: "images", original, result });
      timing.posted = performance.now();
      timing.bytes = original.fileSize + result.fileSize;
    } catch (error) {
      host.log.info(`Compare: ${names}: ${errorMessage(error)}`);
      await post({ type: "failed", message: errorMessage(error) });
    }
  };

  const discard = async () => {
    if (busy) return;
    busy = true;
    await post({ type: "busy", busy: true });
    try {
      const outcome = await discardResult(pair.result, host.log);
      if (outcome.kind === "kept") return;
      await forgetResult(pair.result);
      await closeTabsOf(pair.result);
      panel.dispose();
      const done = outcome.kind === "trashed" ? "moved to the trash" : "deleted";
      const where = outcome.kind === "trashed" && outcome.path !== undefined ? ` (${outcome.path})` : "";
      host.log.info(`Discarded ${pair.result.toString(true)}: ${done}${where}; ${baseName(pair.original)} untouched.`);
      vscode.window.setStatusBarMessage(`Upscale: ${baseName(pair.result)} ${done}.`, 5000);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Upscale: ${baseName(pair.result)} was not discarded: ${errorMessage(error)}`,
      );
    } finally {
      busy = false;
      await post({ type: "busy", busy: false });
    }
  };

  const received = panel.webview.onDidReceiveMessage(async (message: FromWebview) => {
    switch (message?.type) {
      case "ready":
        await sendImages();
        break;
      case "shown":
        // The first showing, timed from the command when there was one (BENCHMARKS.md reads this line).
        if (!logged && started !== undefined) {
          const after = (at: number) => Math.round(at - started);
          host.log.info(
            `Compare: ${names} (${(timing.bytes / 1e6).toFixed(1)} MB) shown ${after(performance.now())} ms after ` +
              `the command; webview ready at ${after(timing.ready)} ms, images posted at ${after(timing.posted)} ms; ` +
              `in the webview they arrived ${message.arrivedMs} ms and were shown ${message.shownMs} ms after its start.`,
          );
        }
        logged = true;
        break;
      case "keep":
        panel.dispose();
        vscode.window.setStatusBarMessage(`Upscale: kept ${baseName(pair.result)}.`, 5000);
        break;
      case "discard":
        await discard();
        break;
    }
  });
  panel.onDidDispose(() => {
    disposed = true;
    received.dispose();
    if (panels.get(key) === panel) panels.delete(key);
  });
}

/** The file's size through workspace.fs (which also says when it is gone) and its address for the webview. */
async function describeImage(uri: vscode.Uri, webview: vscode.Webview): Promise<ComparedImage> {
  const { size } = await vscode.workspace.fs.stat(uri);
  return { uri: uri.toString(), name: baseName(uri), src: webview.asWebviewUri(uri).toString(), fileSize: size };
}

/** A discarded result's own editors go too (the image preview would show a missing file). */
async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tabUri(tab)?.toString() === uri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
