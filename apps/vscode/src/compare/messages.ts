/** What the compare panel and its webview say to each other (the webview's script is bundled for a browser). */

export interface ComparedImage {
  /** The file's URI, for the state VS Code keeps across reloads. */
  uri: string;
  name: string;
  /**
   * Where the webview loads it: `asWebviewUri`, served by VS Code's webview resource loader through the
   * workbench's file service (local, remote and virtual file systems alike), never the network.
   */
  src: string;
  fileSize: number;
}

export type ToWebview =
  | { type: "images"; original: ComparedImage; result: ComparedImage }
  | { type: "failed"; message: string }
  | { type: "busy"; busy: boolean };

export type FromWebview =
  | { type: "ready" }
  /** Both images decoded and laid out: when they arrived and when they were shown, after the script started. */
  | { type: "shown"; arrivedMs: number; shownMs: number }
  | { type: "keep" }
  | { type: "discard" };

/** What the webview keeps with `setState`, and VS Code hands back to restore the panel after a reload. */
export interface ComparePanelState {
  original: string;
  result: string;
}

export function isComparePanelState(value: unknown): value is ComparePanelState {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ComparePanelState).original === "string" &&
    typeof (value as ComparePanelState).result === "string"
  );
}
