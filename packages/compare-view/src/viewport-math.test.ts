import { describe, expect, test } from "vitest";
import {
  clampTransform,
  fitTransform,
  formatZoom,
  MAX_ZOOM,
  MIN_ZOOM,
  panBy,
  recentre,
  wheelZoomFactor,
  zoomAt,
} from "./viewport-math.js";

const content = { width: 400, height: 200 };
const pane = { width: 800, height: 600 };

describe("fitTransform", () => {
  test("enlarges a small image to touch the nearer sides, centred", () => {
    expect(fitTransform(content, pane)).toEqual({ zoom: 2, x: 0, y: 100 });
  });

  test("reduces a large one", () => {
    expect(fitTransform({ width: 8192, height: 8192 }, { width: 1024, height: 512 })).toEqual({
      zoom: 1 / 16,
      x: 256,
      y: 0,
    });
  });

  test("nothing to fit gives the identity", () => {
    expect(fitTransform({ width: 0, height: 0 }, pane)).toEqual({ zoom: 1, x: 0, y: 0 });
  });
});

describe("zoomAt", () => {
  test("keeps the content point under the pointer in place", () => {
    const start = { zoom: 2, x: 0, y: 100 };
    const at = { x: 200, y: 300 };
    const contentPoint = { x: (at.x - start.x) / start.zoom, y: (at.y - start.y) / start.zoom };
    const zoomed = zoomAt(start, 2, at, content, pane);
    expect(zoomed.zoom).toBe(4);
    expect(contentPoint.x * zoomed.zoom + zoomed.x).toBeCloseTo(at.x);
    expect(contentPoint.y * zoomed.zoom + zoomed.y).toBeCloseTo(at.y);
  });

  test("zooming in and out again returns to the start", () => {
    const start = { zoom: 2, x: 0, y: 100 };
    const back = zoomAt(
      zoomAt(start, 1.25, { x: 300, y: 250 }, content, pane),
      1 / 1.25,
      { x: 300, y: 250 },
      content,
      pane,
    );
    expect(back.zoom).toBeCloseTo(2);
    expect(back.x).toBeCloseTo(0);
    expect(back.y).toBeCloseTo(100);
  });

  test("stays within the zoom limits", () => {
    expect(zoomAt({ zoom: 60, x: 0, y: 0 }, 2, { x: 0, y: 0 }, content, pane).zoom).toBe(MAX_ZOOM);
    expect(zoomAt({ zoom: 0.02, x: 0, y: 0 }, 0.1, { x: 0, y: 0 }, content, pane).zoom).toBe(MIN_ZOOM);
  });
});

describe("panning and its bounds", () => {
  test("content larger than the pane covers it: no margin can be dragged in", () => {
    const big = { zoom: 4, x: -100, y: -100 }; // 1600 × 800 on screen
    expect(panBy(big, 500, 500, content, pane)).toEqual({ zoom: 4, x: 0, y: 0 });
    expect(panBy(big, -5000, -5000, content, pane)).toEqual({ zoom: 4, x: -800, y: -200 });
    expect(panBy(big, -50, 30, content, pane)).toEqual({ zoom: 4, x: -150, y: -70 });
  });

  test("content smaller than the pane stays wholly inside", () => {
    const small = { zoom: 1, x: 100, y: 100 }; // 400 × 200 on screen
    expect(clampTransform({ ...small, x: -20, y: 900 }, content, pane)).toEqual({ zoom: 1, x: 0, y: 400 });
    expect(panBy(small, 1000, 0, content, pane).x).toBe(400);
  });
});

test("recentre keeps the centred content point when the pane changes size", () => {
  const start = { zoom: 4, x: -300, y: -200 };
  const moved = recentre(start, pane, { width: 400, height: 600 }, content);
  const centre = (t: { zoom: number; x: number }, width: number) => (width / 2 - t.x) / t.zoom;
  expect(centre(moved, 400)).toBeCloseTo(centre(start, 800));
  expect(moved.zoom).toBe(4);
});

describe("wheelZoomFactor", () => {
  test("scrolling up zooms in, down zooms out, by the same ratio", () => {
    const up = wheelZoomFactor(-100, 0);
    const down = wheelZoomFactor(100, 0);
    expect(up).toBeGreaterThan(1);
    expect(up * down).toBeCloseTo(1);
  });

  test("a wheel notch in lines counts like 40 pixels", () => {
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(120, 0));
  });
});

test("formatZoom", () => {
  expect(formatZoom(1)).toBe("100 %");
  expect(formatZoom(0.0625)).toBe("6.3 %");
  expect(formatZoom(2.5)).toBe("250 %");
});
