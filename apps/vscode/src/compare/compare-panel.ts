import { randomUUID } from "node:crypto";
import { readImageInfo } from "@upscale/core";
import * as vscode from "vscode";
import { errorMessage, type OutputLog } from "../output-log.js";
import { baseName } from "../uri-paths.js";
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
    webviewOptions(host),
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
      panel.webview.options = webviewOptions(host);
      attach(host, panel, { original: vscode.Uri.parse(state.original), result: vscode.Uri.parse(state.result) });
    },
  });
}

function webviewOptions(host: CompareHost): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  // Only the extension's own script may load; the images arrive as bytes, read through workspace.fs.
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(host.extensionUri, "dist")] };
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
  });
  let disposed = false;
  let busy = false;
  let logged = false;
  const post = async (message: ToWebview) => {
    if (!disposed) await panel.webview.postMessage(message);
  };
  const names = `${baseName(pair.original)} ↔ ${baseName(pair.result)}`;

  const sendImages = async () => {
    try {
      const [original, result] = await Promise.all([readImage(pair.original), readImage(pair.result)]);
      await post({ type: "images", original, result });
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
          const ms = Math.round(performance.now() - started);
          host.log.info(`Compare: ${names} shown ${ms} ms after the command (${message.ms} ms in the webview).`);
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

async function readImage(uri: vscode.Uri): Promise<ComparedImage> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const info = readImageInfo(bytes);
  if (info === undefined) throw new Error(`${baseName(uri)} is not a PNG, JPEG or WebP image.`);
  const { mimeType, width, height } = info;
  // A plain Uint8Array view: VS Code transfers typed arrays to the webview as binary, but by constructor name,
  // so a Node Buffer (what workspace.fs gives for local files) would go as JSON numbers and arrive as garbage.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { uri: uri.toString(), name: baseName(uri), bytes: view, mimeType, width, height };
}

/** A discarded result's own editors go too (the image preview would show a missing file). */
async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tabUri(tab)?.toString() === uri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
