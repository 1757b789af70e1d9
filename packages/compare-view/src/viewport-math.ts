/**
 * Zoom and pan, shared by every pane: the result's pixels are the content (the original is drawn at the
 * result's size), `zoom` is screen pixels per content pixel and `x`/`y` where the content's top-left corner sits
 * in the pane. Panes of one view have the same size, so one transform keeps them in step.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface ViewTransform {
  zoom: number;
  x: number;
  y: number;
}

export const MIN_ZOOM = 1 / 64;
export const MAX_ZOOM = 64;
/** One press of +/− or one zoom button. */
export const ZOOM_STEP = 1.25;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The whole content in the pane, centred, enlarged or reduced to touch its sides. */
export function fitTransform(content: Size, pane: Size): ViewTransform {
  if (content.width <= 0 || content.height <= 0 || pane.width <= 0 || pane.height <= 0) return { zoom: 1, x: 0, y: 0 };
  const zoom = clampZoom(Math.min(pane.width / content.width, pane.height / content.height));
  return { zoom, x: (pane.width - content.width * zoom) / 2, y: (pane.height - content.height * zoom) / 2 };
}

/**
 * Keeps the content where the user can see it: larger than the pane, it covers the pane (no empty margin
 * dragged in); smaller, it stays wholly inside.
 */
export function clampTransform(transform: ViewTransform, content: Size, pane: Size): ViewTransform {
  const axis = (offset: number, length: number, paneLength: number) => {
    const free = paneLength - length * transform.zoom;
    return Math.min(Math.max(0, free), Math.max(Math.min(0, free), offset));
  };
  return {
    zoom: transform.zoom,
    x: axis(transform.x, content.width, pane.width),
    y: axis(transform.y, content.height, pane.height),
  };
}

/** Zooms by `factor` keeping the content point under `at` (pane coordinates) where it is. */
export function zoomAt(transform: ViewTransform, factor: number, at: Point, content: Size, pane: Size): ViewTransform {
  const zoom = clampZoom(transform.zoom * factor);
  const ratio = zoom / transform.zoom;
  return clampTransform(
    { zoom, x: at.x - (at.x - transform.x) * ratio, y: at.y - (at.y - transform.y) * ratio },
    content,
    pane,
  );
}

export function panBy(transform: ViewTransform, dx: number, dy: number, content: Size, pane: Size): ViewTransform {
  return clampTransform({ zoom: transform.zoom, x: transform.x + dx, y: transform.y + dy }, content, pane);
}

/** The same zoom in a pane of another size (another view, a resized window), the same content point centred. */
export function recentre(transform: ViewTransform, from: Size, to: Size, content: Size): ViewTransform {
  const centreX = (from.width / 2 - transform.x) / transform.zoom;
  const centreY = (from.height / 2 - transform.y) / transform.zoom;
  return clampTransform(
    { zoom: transform.zoom, x: to.width / 2 - centreX * transform.zoom, y: to.height / 2 - centreY * transform.zoom },
    content,
    to,
  );
}

/** The wheel's zoom factor: smooth for trackpads (pixel deltas), a step per notch for wheels (line deltas). */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 40 : deltaMode === 2 ? deltaY * 800 : deltaY;
  return Math.exp(-pixels * 0.0025);
}

export function formatZoom(zoom: number): string {
  return `${zoom >= 0.1 ? Math.round(zoom * 100) : (zoom * 100).toFixed(1)} %`;
}
