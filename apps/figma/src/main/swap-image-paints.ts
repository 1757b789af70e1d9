/** A new image for an old one, and how many times larger it is (new width ÷ old width). */
export interface ImageSwap {
  hash: string;
  ratio: number;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The fills with only `imageHash` changed on the image paints that show a swapped image: scale mode, crop
 * transform, filters, rotation, opacity, blend mode, visibility and every other paint stay as they were. A TILE
 * paint's `scalingFactor` is divided by the ratio, so the tiles keep their size on the canvas.
 */
export function swapImagePaints(fills: readonly Paint[], swaps: ReadonlyMap<string, ImageSwap>): Paint[] {
  return fills.map((paint) => {
    if (paint.type !== "IMAGE" || paint.imageHash === null) return paint;
    const swap = swaps.get(paint.imageHash);
    if (swap === undefined) return paint;
    const next: Writable<ImagePaint> = { ...paint, imageHash: swap.hash };
    if (paint.scaleMode === "TILE") next.scalingFactor = (paint.scalingFactor ?? 1) / swap.ratio;
    return next;
  });
}
