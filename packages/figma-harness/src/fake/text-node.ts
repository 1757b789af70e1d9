import type { Paint } from "../figma-types.js";
import { frozenList } from "./frozen.js";
import { STATE, type TextRun } from "./node-state.js";
import { storePaints } from "./paints.js";
import { FakeSceneNode } from "./scene-node.js";

const samePaints = (a: readonly Paint[], b: readonly Paint[]) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * A text layer whose fills may differ by character range: `fills` is then `figma.mixed`, and the per-range
 * fills are read with `getStyledTextSegments(["fills"])` / `getRangeFills` and written with `setRangeFills`.
 */
export class FakeTextNode extends FakeSceneNode {
  private get runs(): readonly TextRun[] {
    return this[STATE].textRuns ?? [];
  }

  get characters(): string {
    return this[STATE].characters ?? "";
  }

  set characters(value: string) {
    if (typeof value !== "string") this.fail("set_characters", "Expected a string");
    if (!this.doc.loadedFonts.has("Inter Regular")) {
      this.fail(
        "set_characters",
        'Cannot write to node with unloaded font "Inter Regular". Call figma.loadFontAsync first',
      );
    }
    const fills = this.runs[0]?.fills ?? frozenList<Paint>([]);
    this.doc.edit([[this, ["characters", "textRuns"]]], () => {
      this[STATE].characters = value;
      this[STATE].textRuns = [{ start: 0, end: value.length, fills }];
    });
  }

  get fontName(): { family: string; style: string } {
    return { family: "Inter", style: "Regular" };
  }

  get fills(): readonly Paint[] | symbol {
    const runs = this.runs;
    const first = runs[0]?.fills ?? frozenList<Paint>([]);
    return runs.every((run) => samePaints(run.fills, first)) ? first : this.doc.mixed;
  }

  set fills(value: readonly Paint[] | symbol) {
    if (value === this.doc.mixed) this.fail("set_fills", "Cannot set fills to figma.mixed");
    const paints = storePaints(value, "fills", this.doc.paintContext);
    this.doc.edit([[this, ["textRuns"]]], () => {
      this[STATE].textRuns = [{ start: 0, end: this.characters.length, fills: paints }];
    });
  }

  getRangeFills(start: number, end: number): readonly Paint[] | symbol {
    this.checkRange("getRangeFills", start, end);
    const inside = this.runs.filter((run) => run.start < end && run.end > start);
    const first = inside[0]?.fills ?? frozenList<Paint>([]);
    return inside.every((run) => samePaints(run.fills, first)) ? first : this.doc.mixed;
  }

  setRangeFills(start: number, end: number, value: readonly Paint[]): void {
    this.checkRange("setRangeFills", start, end);
    const paints = storePaints(value, "fills", this.doc.paintContext);
    const next: TextRun[] = [];
    for (const run of this.runs) {
      if (run.start < start) next.push({ ...run, end: Math.min(run.end, start) });
      if (run.end > end) next.push({ ...run, start: Math.max(run.start, end) });
    }
    next.push({ start, end, fills: paints });
    next.sort((a, b) => a.start - b.start);
    this.doc.edit([[this, ["textRuns"]]], () => {
      this[STATE].textRuns = next;
    });
  }

  getStyledTextSegments(
    fields: string[],
  ): Array<{ characters: string; start: number; end: number; fills?: readonly Paint[] }> {
    const merged: TextRun[] = [];
    for (const run of this.runs) {
      const last = merged[merged.length - 1];
      if (last && samePaints(last.fills, run.fills)) merged[merged.length - 1] = { ...last, end: run.end };
      else merged.push(run);
    }
    return merged.map((run) => ({
      characters: this.characters.slice(run.start, run.end),
      start: run.start,
      end: run.end,
      ...(fields.includes("fills") ? { fills: run.fills } : {}),
    }));
  }

  private checkRange(method: string, start: number, end: number): void {
    const length = this.characters.length;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || start >= end) {
      this.fail(method, `Expected a range within 0..${length} with start < end`);
    }
  }
}
