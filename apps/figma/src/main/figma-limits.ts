import type { PlatformLimits } from "@upscale/core/provider-kit";

/** Figma's `createImage`: PNG, JPEG or GIF, at most 4096 px per side. Results are never GIFs, so PNG/JPEG. */
export const FIGMA_LIMITS: PlatformLimits = { maxSide: 4096, acceptedTypes: ["image/png", "image/jpeg"] };
