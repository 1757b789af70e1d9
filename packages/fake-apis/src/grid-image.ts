import { createHash } from "node:crypto";
import sharp from "sharp";

/** Side of a Midjourney-style 2×2 grid; each quadrant is half of it. */
export const GRID_SIZE = 512;
const CELL = GRID_SIZE / 2;

/** Midjourney numbers quadrants 1–4: top-left, top-right, bottom-left, bottom-right. */
export function quadrantOrigin(image: 1 | 2 | 3 | 4): { left: number; top: number } {
  return { left: ((image - 1) % 2) * CELL, top: Math.floor((image - 1) / 2) * CELL };
}

/**
 * A real PNG grid, the same for the same text. Each quadrant has its own background hue (90° apart, so all four
 * differ) and a disc that keeps clear of its corners: a quadrant is recognisable by its corner pixel.
 */
export async function renderGrid(text: string): Promise<Buffer> {
  const hash = createHash("sha256").update(text).digest();
  const byte = (i: number) => hash[i % hash.length] as number;
  const baseHue = (byte(0) / 256) * 360;
  const cells = ([1, 2, 3, 4] as const).map((image, i) => {
    const { left, top } = quadrantOrigin(image);
    const hue = baseHue + i * 90;
    const r = 20 + (byte(1 + i) % 40);
    const span = CELL - 2 * (r + 8);
    const cx = left + r + 8 + (byte(5 + i) % span);
    const cy = top + r + 8 + (byte(9 + i) % span);
    return (
      `<rect x="${left}" y="${top}" width="${CELL}" height="${CELL}" fill="${hslHex(hue, 0.6, 0.45)}"/>` +
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${hslHex(hue + 180, 0.7, 0.7)}"/>`
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${GRID_SIZE}" height="${GRID_SIZE}">${cells.join("")}</svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().png().toBuffer();
}

/** The chosen quadrant of a grid, enlarged 2× (what an upsample returns). */
export async function upsampleQuadrant(grid: Buffer, image: 1 | 2 | 3 | 4): Promise<Buffer> {
  const { left, top } = quadrantOrigin(image);
  return sharp(grid)
    .extract({ left, top, width: CELL, height: CELL })
    .resize(CELL * 2, CELL * 2)
    .png()
    .toBuffer();
}

function hslHex(hue: number, saturation: number, lightness: number): string {
  const h = ((hue % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return `#${[r, g, b]
    .map((v) =>
      Math.round((v + m) * 255)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}
