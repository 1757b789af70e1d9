import type { Paint } from "../figma-types.js";
import { deepFrozen } from "./frozen.js";
import type { RealmRef } from "./realm.js";

/**
 * Validates paints the way Figma's `set_fills` does (unknown keys and out-of-range values throw, an image hash must
 * be one Figma has) and stores them with the defaults Figma reads back, so a test comparing a paint before and
 * after a run sees every property, not only the ones the plugin happened to set.
 */
const BLEND_MODES = new Set([
  "PASS_THROUGH",
  "NORMAL",
  "DARKEN",
  "MULTIPLY",
  "LINEAR_BURN",
  "COLOR_BURN",
  "LIGHTEN",
  "SCREEN",
  "LINEAR_DODGE",
  "COLOR_DODGE",
  "OVERLAY",
  "SOFT_LIGHT",
  "HARD_LIGHT",
  "DIFFERENCE",
  "EXCLUSION",
  "HUE",
  "SATURATION",
  "COLOR",
  "LUMINOSITY",
]);
const SCALE_MODES = ["FILL", "FIT", "CROP", "TILE"];
const FILTER_KEYS = ["exposure", "contrast", "saturation", "temperature", "tint", "highlights", "shadows"];
const COMMON_KEYS = ["type", "visible", "opacity", "blendMode", "boundVariables"];
const KEYS_BY_TYPE: Record<string, string[]> = {
  SOLID: ["color"],
  GRADIENT_LINEAR: ["gradientTransform", "gradientStops"],
  GRADIENT_RADIAL: ["gradientTransform", "gradientStops"],
  GRADIENT_ANGULAR: ["gradientTransform", "gradientStops"],
  GRADIENT_DIAMOND: ["gradientTransform", "gradientStops"],
  IMAGE: ["scaleMode", "imageHash", "imageTransform", "scalingFactor", "rotation", "filters"],
  VIDEO: ["scaleMode", "videoHash", "videoTransform", "scalingFactor", "rotation", "filters"],
};

export interface PaintContext {
  realm: RealmRef;
  isKnownImage(hash: string): boolean;
}

export function storePaints(value: unknown, property: string, context: PaintContext): readonly Paint[] {
  const fail = (message: string): never => {
    throw context.realm.error(`in set_${property}: ${message}`);
  };
  if (!Array.isArray(value)) return fail(`Expected "${property}" to be an array`);
  return deepFrozen(value.map((paint, index) => normalizePaint(paint, `${property}[${index}]`, context, fail)));
}

function normalizePaint(paint: unknown, path: string, context: PaintContext, fail: (message: string) => never): Paint {
  if (paint === null || typeof paint !== "object") return fail(`Expected "${path}" to be an object`);
  const input = paint as Record<string, unknown>;
  const allowed = KEYS_BY_TYPE[String(input.type)];
  if (!allowed) return fail(`Expected "${path}.type" to be one of ${Object.keys(KEYS_BY_TYPE).join(", ")}`);
  const unknown = Object.keys(input).filter((key) => !COMMON_KEYS.includes(key) && !allowed.includes(key));
  if (unknown.length > 0) return fail(`Unrecognized key(s) in object: ${unknown.map((key) => `'${key}'`).join(", ")}`);
  const unit = (key: string, fallback: number, low = 0) => {
    const number = input[key] ?? fallback;
    if (typeof number !== "number" || !(number >= low && number <= 1)) {
      return fail(`Expected "${path}.${key}" to be a number between ${low} and 1`);
    }
    return number;
  };
  const common = {
    type: input.type,
    visible: input.visible ?? true,
    opacity: unit("opacity", 1),
    blendMode: input.blendMode ?? "NORMAL",
  };
  if (typeof common.visible !== "boolean") fail(`Expected "${path}.visible" to be a boolean`);
  if (!BLEND_MODES.has(String(common.blendMode))) fail(`Expected "${path}.blendMode" to be a blend mode`);
  if (input.type === "SOLID")
    return { ...common, color: rgb(input.color, `${path}.color`, fail), boundVariables: {} } as Paint;
  if (input.type !== "IMAGE") return { ...structuredClone(input), ...common } as Paint;

  if (!SCALE_MODES.includes(String(input.scaleMode))) {
    fail(`Expected "${path}.scaleMode" to have one of the following values: "FILL", "FIT", "CROP", "TILE"`);
  }
  const hash = input.imageHash ?? null;
  if (hash !== null && (typeof hash !== "string" || !context.isKnownImage(hash))) {
    fail(`Image with hash ${String(hash)} does not exist (hashes come from figma.createImage)`);
  }
  const rotation = input.rotation ?? 0;
  if (typeof rotation !== "number" || rotation % 90 !== 0) fail(`Expected "${path}.rotation" to be a multiple of 90`);
  const filters: Record<string, number> = {};
  const givenFilters = (input.filters ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(givenFilters)) {
    if (!FILTER_KEYS.includes(key)) fail(`Unrecognized key(s) in object: '${key}' (${path}.filters)`);
  }
  for (const key of FILTER_KEYS) {
    const number = givenFilters[key] ?? 0;
    if (typeof number !== "number" || number < -1 || number > 1) fail(`Expected "${path}.filters.${key}" in -1..1`);
    filters[key] = number as number;
  }
  const image: Record<string, unknown> = { ...common, scaleMode: input.scaleMode, imageHash: hash, rotation, filters };
  if (input.scaleMode === "CROP" || input.imageTransform !== undefined) {
    image.imageTransform = transform(
      input.imageTransform ?? [
        [1, 0, 0],
        [0, 1, 0],
      ],
      `${path}.imageTransform`,
      fail,
    );
  }
  if (input.scaleMode === "TILE" || input.scalingFactor !== undefined) {
    const factor = input.scalingFactor ?? 0.5;
    if (typeof factor !== "number" || !(factor > 0)) fail(`Expected "${path}.scalingFactor" to be a positive number`);
    image.scalingFactor = factor;
  }
  return image as unknown as Paint;
}

function rgb(value: unknown, path: string, fail: (message: string) => never) {
  const color = (value ?? {}) as Record<string, unknown>;
  const channels = ["r", "g", "b"];
  for (const key of Object.keys(color))
    if (!channels.includes(key)) fail(`Unrecognized key(s) in object: '${key}' (${path})`);
  for (const key of channels) {
    const channel = color[key];
    if (typeof channel !== "number" || channel < 0 || channel > 1) fail(`Expected "${path}.${key}" in 0..1`);
  }
  return { r: color.r, g: color.g, b: color.b };
}

function transform(value: unknown, path: string, fail: (message: string) => never) {
  const rows = value as unknown[][];
  const valid =
    Array.isArray(rows) &&
    rows.length === 2 &&
    rows.every(
      (row) => Array.isArray(row) && row.length === 3 && row.every((n) => typeof n === "number" && Number.isFinite(n)),
    );
  if (!valid) fail(`Expected "${path}" to be a 2×3 matrix of numbers`);
  return rows.map((row) => [...row]);
}
