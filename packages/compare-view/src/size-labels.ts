/** The sizes shown beside each image: pixels, bytes, and how much larger the result is. */

export interface PixelSize {
  width: number;
  height: number;
}

const UNITS = ["KB", "MB", "GB", "TB"] as const;

/** Bytes as people read them, 1024-based like VS Code's own image preview: "812 B", "12.3 KB", "4.56 MB". */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Three significant digits; 999.5 rounds up to the next unit rather than showing "1000 KB".
  if (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatPixelSize({ width, height }: PixelSize): string {
  return `${width} × ${height} px`;
}

/** How much larger `result` is than `original`: "2×", or "2× × 1.5×" when the sides grew unequally. */
export function formatScale(original: PixelSize, result: PixelSize): string | undefined {
  if (original.width <= 0 || original.height <= 0) return undefined;
  const x = result.width / original.width;
  const y = result.height / original.height;
  const factor = (value: number) => `${Number.parseFloat(value.toFixed(2))}×`;
  return Math.abs(x - y) < 0.005 ? factor(x) : `${factor(x)} × ${factor(y)}`;
}
