/**
 * The difference image, pixel by pixel: per channel |original − result|, amplified so small changes show, over
 * RGBA rows as canvases hand them out. Colours are taken over black by their alpha, so a transparent pixel
 * compares as black whatever colour it nominally has. The sums run across chunks, so a large image can be done a
 * strip at a time between frames.
 */

/** How much a difference is amplified in the picture (the statistics are of the true difference). */
export const DIFFERENCE_GAIN = 4;
/** A pixel counts as changed when one of its channels differs by more than this (of 255): about 3 %. */
export const CHANGED_THRESHOLD = 8;

export interface DifferenceStats {
  /** Mean absolute difference over every channel of every pixel, 0–1. */
  mean: number;
  /** The largest channel difference, 0–1. */
  max: number;
  /** Share of pixels with a channel differing by more than CHANGED_THRESHOLD, 0–1. */
  changed: number;
  pixels: number;
}

export class DifferenceAccumulator {
  #sum = 0;
  #max = 0;
  #changed = 0;
  #pixels = 0;

  /**
   * Writes the amplified difference of `a` and `b` (RGBA, same length) into `out` (opaque) and adds them to the
   * statistics.
   */
  add(a: Uint8ClampedArray, b: Uint8ClampedArray, out: Uint8ClampedArray, gain = DIFFERENCE_GAIN): void {
    if (a.length !== b.length || out.length !== a.length || a.length % 4 !== 0) {
      throw new RangeError(
        `difference of ${a.length} and ${b.length} bytes into ${out.length}: not the same RGBA size`,
      );
    }
    let sum = 0;
    let max = this.#max;
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) {
      const alphaA = (a[i + 3] as number) / 255;
      const alphaB = (b[i + 3] as number) / 255;
      let pixelMax = 0;
      for (let c = 0; c < 3; c++) {
        const d = Math.abs((a[i + c] as number) * alphaA - (b[i + c] as number) * alphaB);
        sum += d;
        if (d > pixelMax) pixelMax = d;
        out[i + c] = d * gain;
      }
      out[i + 3] = 255;
      if (pixelMax > max) max = pixelMax;
      if (pixelMax > CHANGED_THRESHOLD) changed += 1;
    }
    this.#sum += sum;
    this.#max = max;
    this.#changed += changed;
    this.#pixels += a.length / 4;
  }

  stats(): DifferenceStats {
    const pixels = this.#pixels;
    return {
      mean: pixels === 0 ? 0 : this.#sum / (pixels * 3 * 255),
      max: this.#max / 255,
      changed: pixels === 0 ? 0 : this.#changed / pixels,
      pixels,
    };
  }
}

/**
 * The size the difference is computed at: the result's own, or smaller with the same aspect when it has more
 * than `maxPixels`, so an 8k × 8k pair costs what a 2k × 2k one does.
 */
export function differenceSize(
  result: { width: number; height: number },
  maxPixels: number,
): { width: number; height: number } {
  const pixels = result.width * result.height;
  if (pixels <= maxPixels) return { width: result.width, height: result.height };
  const scale = Math.sqrt(maxPixels / pixels);
  return {
    width: Math.max(1, Math.floor(result.width * scale)),
    height: Math.max(1, Math.floor(result.height * scale)),
  };
}

/** Rows per chunk for a given width, so each chunk is about `pixelsPerChunk` pixels (at least one row). */
export function rowsPerChunk(width: number, pixelsPerChunk: number): number {
  return Math.max(1, Math.floor(pixelsPerChunk / Math.max(1, width)));
}

export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent > 0 && percent < 0.1 ? "< 0.1" : percent.toFixed(1)} %`;
}
