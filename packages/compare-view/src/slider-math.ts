/** The before/after divider: a percent of the view's width, 0 (all result) to 100 (all original). */

export const SLIDER_MIN = 0;
export const SLIDER_MAX = 100;
const STEP = 1;
const PAGE = 10;

export function clampSlider(value: number): number {
  if (Number.isNaN(value)) return SLIDER_MIN;
  return Math.min(SLIDER_MAX, Math.max(SLIDER_MIN, Math.round(value * 10) / 10));
}

/**
 * The value a key moves the divider to, as the WAI-ARIA slider pattern has it: arrows by one step (ten with
 * Shift), Page Up/Down by ten, Home/End to the ends. Undefined for a key the slider does not handle.
 */
export function sliderValueForKey(key: string, value: number, shiftKey = false): number | undefined {
  const step = shiftKey ? PAGE : STEP;
  switch (key) {
    case "ArrowLeft":
    case "ArrowDown":
      return clampSlider(value - step);
    case "ArrowRight":
    case "ArrowUp":
      return clampSlider(value + step);
    case "PageDown":
      return clampSlider(value - PAGE);
    case "PageUp":
      return clampSlider(value + PAGE);
    case "Home":
      return SLIDER_MIN;
    case "End":
      return SLIDER_MAX;
    default:
      return undefined;
  }
}

/** The value under a pointer at `clientX` over a view spanning `left` … `left + width`. */
export function sliderValueAt(clientX: number, left: number, width: number): number {
  if (width <= 0) return SLIDER_MIN;
  return clampSlider(((clientX - left) / width) * 100);
}
