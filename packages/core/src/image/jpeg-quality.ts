import { view } from "./bytes.js";
import type { JpegStructure } from "./jpeg-structure.js";

const DQT = 0xdb;

// The JPEG standard's example luminance table (Annex K), in zig-zag order as DQT stores it: libjpeg scales it by
// the quality setting, and most encoders (libjpeg, mozjpeg's default table, libvips, browsers) use it.
const STANDARD_LUMINANCE = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61,
  60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121,
  112, 100, 120, 92, 101, 103, 99,
];

/** libjpeg's table for a quality setting (jcparam.c: `jpeg_quality_scaling`, baseline-limited to 255). */
function scaledTable(quality: number): number[] {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return STANDARD_LUMINANCE.map((value) => Math.min(255, Math.max(1, Math.floor((value * scale + 50) / 100))));
}

const TABLES = Array.from({ length: 100 }, (_, i) => scaledTable(i + 1));

/**
 * The quality setting (1–100) the luminance quantisation table is closest to, or `undefined` without one. Exact
 * for encoders that scale the standard table; for others (cameras, Photoshop) the nearest equivalent, which is
 * what re-encoding at "about the same quality" needs.
 */
export function estimateJpegQuality(bytes: Uint8Array, structure: JpegStructure): number | undefined {
  const wanted = structure.frame?.components[0]?.quantTable ?? 0;
  const table = readQuantTables(bytes, structure).get(wanted);
  if (table === undefined) return undefined;
  let best = 0;
  let bestError = Number.POSITIVE_INFINITY;
  TABLES.forEach((candidate, i) => {
    const error = candidate.reduce((sum, value, k) => sum + Math.abs(value - (table[k] as number)), 0);
    if (error <= bestError) {
      best = i + 1;
      bestError = error;
    }
  });
  return best;
}

function readQuantTables(bytes: Uint8Array, structure: JpegStructure): Map<number, number[]> {
  const tables = new Map<number, number[]>();
  for (const segment of structure.head) {
    if (segment.marker !== DQT) continue;
    const data = view(bytes);
    let at = segment.start + 4;
    while (at < segment.end) {
      const precision = (bytes[at] as number) >> 4;
      const id = (bytes[at] as number) & 0x0f;
      const size = precision === 0 ? 1 : 2;
      if (at + 1 + 64 * size > segment.end) break;
      tables.set(
        id,
        Array.from({ length: 64 }, (_, k) =>
          size === 1 ? (bytes[at + 1 + k] as number) : data.getUint16(at + 1 + 2 * k),
        ),
      );
      at += 1 + 64 * size;
    }
  }
  return tables;
}
