import { ascii } from "./bytes.js";
import type { Density } from "./exif.js";

/**
 * Kinds of metadata, as users name them: what an upload leaves out, what a result keeps or drops.
 * `exif` stands for the EXIF block as a whole; `gps`, `serial-number`, `names` and `maker-notes` name what in it
 * is personal.
 */
export type MetadataKind =
  | "exif"
  | "gps"
  | "serial-number"
  | "names"
  | "maker-notes"
  | "xmp"
  | "iptc"
  | "comment"
  | "png-text"
  | "colour-profile"
  | "trailer";

/** The metadata of an image file, as the blocks it is stored in, so it can be written into another file. */
export interface ImageMetadata {
  /** A TIFF structure (no "Exif\0\0" prefix). */
  exif?: Uint8Array;
  /** The XMP packet (UTF-8). */
  xmp?: Uint8Array;
  /** IPTC-IIM records (creator, rights, credit, caption…). */
  iptc?: Uint8Array;
  /** A JPEG's Photoshop resources (IPTC among them, thumbnails left out), for a JPEG result. */
  photoshop?: Uint8Array;
  /** The ICC profile, when stored uncompressed (JPEG, WebP). */
  icc?: Uint8Array;
  /** A PNG's iCCP chunk data as stored (name, compressed profile), for a PNG result, and the space it is for. */
  pngIcc?: { data: Uint8Array; space: string };
  density?: Density;
  /** JPEG comments. */
  comments: Uint8Array[];
  /** A PNG's text chunks other than XMP and IPTC, whole, for a PNG result. */
  pngText: Uint8Array[];
  /** Bytes after the image's end: a Motion Photo's video, a gain map image, a phone's own data. */
  trailer: number;
  /** An HDR gain map comes with the image (Ultra HDR / ISO 21496-1). */
  gainMap: boolean;
  /** A Motion Photo's video comes with it. */
  motionPhoto: boolean;
}

export function emptyMetadata(): ImageMetadata {
  return { comments: [], pngText: [], trailer: 0, gainMap: false, motionPhoto: false };
}

/** What writing metadata into a file could not carry (its format has no place for it, or no room). */
export interface MetadataWrite {
  bytes: Uint8Array;
  notCarried: MetadataKind[];
}

/** An ICC profile's colour space ("RGB ", "GRAY", "CMYK"…): a profile must only go with pixels of its space. */
export function profileSpace(icc: Uint8Array): string {
  return ascii(icc, 16, 4);
}
