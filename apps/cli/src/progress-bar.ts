/** What the bar shows: files finished out of all, plus how far the in-flight ones are (Midjourney reports %). */
export interface ProgressState {
  total: number;
  done: number;
  failed: number;
  /** Percent (0–100) of each input in flight; 0 until its provider reports one. */
  inFlight: ReadonlyMap<string, number>;
}

/** One line that fits `columns`: `[██████░░░░] 45% · 3/10 files · 1 failed`. */
export function renderProgressLine(state: ProgressState, columns: number): string {
  const partial = [...state.inFlight.values()].reduce((sum, percent) => sum + percent / 100, 0);
  const fraction = state.total === 0 ? 1 : Math.min(1, (state.done + partial) / state.total);
  const percent = `${Math.floor(fraction * 100)}%`;
  const files = `${state.done}/${state.total} ${state.total === 1 ? "file" : "files"}`;
  const failed = state.failed > 0 ? ` · ${state.failed} failed` : "";
  const text = ` ${percent.padStart(4)} · ${files}${failed}`;
  const width = Math.max(0, Math.min(30, columns - text.length - 3));
  if (width < 5)
    return text
      .trimStart()
      .slice(0, Math.max(0, columns - 1))
      .trimEnd();
  const filled = Math.round(fraction * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]${text}`;
}

export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
}

const REDRAW_MS = 100;

/** Draws the progress line on a terminal, redrawing at most every 100 ms; other output goes through `print`. */
export class ProgressBar {
  readonly #stream: TerminalStream;
  #line = "";
  #lastDraw = 0;
  #timer: NodeJS.Timeout | undefined;
  #state: ProgressState | undefined;

  constructor(stream: TerminalStream) {
    this.#stream = stream;
  }

  update(state: ProgressState): void {
    this.#state = state;
    const wait = this.#lastDraw + REDRAW_MS - Date.now();
    if (wait <= 0) this.#draw();
    else this.#timer ??= setTimeout(() => this.#draw(), wait).unref();
  }

  /** Writes `text` (whole lines) to `stream` without tearing the bar. */
  print(stream: { write(text: string): unknown }, text: string): void {
    this.#erase();
    stream.write(text);
    if (this.#state !== undefined) this.#draw();
  }

  /** Removes the bar for good (end of the run). */
  stop(): void {
    this.#erase();
    this.#state = undefined;
  }

  #draw(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#state === undefined) return;
    this.#erase();
    // A terminal of unknown size (e.g. under `script`) reports 0 columns.
    this.#line = renderProgressLine(this.#state, this.#stream.columns || 80);
    this.#stream.write(this.#line);
    this.#lastDraw = Date.now();
  }

  #erase(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#line === "") return;
    this.#stream.write("\r\x1b[2K");
    this.#line = "";
  }
}
