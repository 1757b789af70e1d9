import { InputError } from "@upscale/core/provider-kit";

/** Whole factors only: every output pixel then sits at one of a few fixed phases between input pixels. */
export const LOCAL_SCALES = [2, 3, 4] as const;
export type LocalScale = (typeof LOCAL_SCALES)[number];
export const DEFAULT_LOCAL_SCALE: LocalScale = 2;

/** The call option `scale`, checked: 2, 3 or 4, and 2 when not given. */
export function parseScale(scale: number | undefined): LocalScale {
  if (scale === undefined) return DEFAULT_LOCAL_SCALE;
  const allowed = LOCAL_SCALES.find((factor) => factor === scale);
  if (allowed === undefined) {
    throw new InputError(
      "INVALID_REQUEST",
      `The local provider upscales by ${LOCAL_SCALES.join(", ")} only (got ${String(scale)}). Pick one of those scales.`,
    );
  }
  return allowed;
}
