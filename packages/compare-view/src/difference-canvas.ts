import { DifferenceAccumulator, type DifferenceStats, rowsPerChunk } from "./difference-math.js";

/** About a quarter megapixel per chunk: a few milliseconds of work between two chances for the page to paint. */
const PIXELS_PER_CHUNK = 262_144;

export interface DifferenceJob {
  original: ImageBitmapSource;
  result: ImageBitmapSource;
  /** The size to compute at (the result's, or smaller: see differenceSize). */
  width: number;
  height: number;
  /** The original resampled to that size by nearest neighbour instead of smoothly. */
  pixelated: boolean;
  canvas: HTMLCanvasElement;
  signal: AbortSignal;
  onProgress?: (share: number) => void;
}

/**
 * Draws the difference image into `job.canvas`. The browser resamples both images to the size asked
 * (`createImageBitmap`); the comparison then runs a strip of rows at a time, yielding between strips, so a
 * large pair never freezes the page. Aborting stops it between strips.
 */
export async function drawDifference(job: DifferenceJob): Promise<DifferenceStats> {
  const { width, height, canvas, signal } = job;
  const [a, b] = await Promise.all([
    createImageBitmap(job.original, {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: job.pixelated ? "pixelated" : "high",
    }),
    createImageBitmap(job.result, { resizeWidth: width, resizeHeight: height, resizeQuality: "high" }),
  ]);
  try {
    signal.throwIfAborted();
    const doc = canvas.ownerDocument;
    const readA = readable(doc, a);
    const readB = readable(doc, b);
    canvas.width = width;
    canvas.height = height;
    const out = canvas.getContext("2d");
    if (out === null) throw new Error("no 2D canvas");
    const sums = new DifferenceAccumulator();
    const rows = rowsPerChunk(width, PIXELS_PER_CHUNK);
    for (let y = 0; y < height; y += rows) {
      const strip = Math.min(rows, height - y);
      const pixels = out.createImageData(width, strip);
      sums.add(readA.getImageData(0, y, width, strip).data, readB.getImageData(0, y, width, strip).data, pixels.data);
      out.putImageData(pixels, 0, y);
      job.onProgress?.((y + strip) / height);
      await nextTask();
      signal.throwIfAborted();
    }
    return sums.stats();
  } finally {
    a.close();
    b.close();
  }
}

function readable(doc: Document, bitmap: ImageBitmap): CanvasRenderingContext2D {
  const canvas = doc.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (context === null) throw new Error("no 2D canvas");
  context.drawImage(bitmap, 0, 0);
  return context;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
