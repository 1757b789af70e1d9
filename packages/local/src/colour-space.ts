import type { Sharp } from "sharp";
import type { LocalOutputFormat } from "./output-format.js";

/** The colour spaces sharp reports for PNG, JPEG and WebP, other than CMYK. */
export type WorkingSpace = "srgb" | "b-w" | "rgb16" | "grey16";

export interface ColourHandling {
  space: WorkingSpace;
  /** Whether the input's ICC profile still describes the pixels and goes into the output. */
  keepIcc: boolean;
}

/**
 * Keep the input's own colour space: sharp would otherwise turn greyscale into RGB and 16 bits into 8, and a
 * kept grey profile would then describe RGB pixels. Two exceptions: JPEG and WebP hold 8 bits only, and CMYK
 * (JPEG only) is converted to sRGB through its own profile, which then no longer describes the pixels.
 */
export function colourHandling(inputSpace: string, format: LocalOutputFormat): ColourHandling {
  const sixteenBits = format === "png";
  switch (inputSpace) {
    case "b-w":
      return { space: "b-w", keepIcc: true };
    case "grey16":
      return { space: sixteenBits ? "grey16" : "b-w", keepIcc: true };
    case "rgb16":
      return { space: sixteenBits ? "rgb16" : "srgb", keepIcc: true };
    case "cmyk":
      return { space: "srgb", keepIcc: false };
    default:
      return { space: "srgb", keepIcc: true };
  }
}

/** Applies the handling to a pipeline's output. */
export function inColour(pipeline: Sharp, colour: ColourHandling): Sharp {
  return (colour.keepIcc ? pipeline.keepIccProfile() : pipeline).toColourspace(colour.space);
}
