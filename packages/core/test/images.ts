import { readFileSync } from "node:fs";

/** A real image from `fixtures/` (see its README), as the bytes a download or a file read would give. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
}

export const PNG_3X2 = fixture("3x2.png");
export const JPEG_5X4 = fixture("5x4.jpg");
export const WEBP_6X5 = fixture("6x5-lossy.webp");
export const GIF_4X3 = fixture("4x3.gif");
export const ANIMATED_GIF_4X3 = fixture("4x3-animated.gif");
export const ANIMATED_WEBP_4X3 = fixture("4x3-animated.webp");
