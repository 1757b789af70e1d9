import { adaptExif, minimalExif, readExif } from "./exif.js";
import { readImageInfo, sniffImageType } from "./image-format.js";
import { emptyMetadata, type ImageMetadata, type MetadataKind, type MetadataWrite } from "./image-metadata.js";
import { readJpegMetadata, writeJpegMetadata } from "./jpeg-metadata.js";
import { readPngMetadata, writePngMetadata } from "./png-metadata.js";
import { readWebpMetadata, writeWebpMetadata } from "./webp-metadata.js";
import { adaptXmp } from "./xmp-packet.js";

/** The metadata of a PNG, JPEG or WebP file (empty for anything else). */
export function readImageMetadata(bytes: Uint8Array): ImageMetadata {
  switch (sniffImageType(bytes)) {
    case "image/jpeg":
      return readJpegMetadata(bytes);
    case "image/png":
      return readPngMetadata(bytes);
    case "image/webp":
      return readWebpMetadata(bytes);
    default:
      return emptyMetadata();
  }
}

/**
 * `target` (a complete PNG, JPEG or WebP) carrying `metadata` in place of its own — its pixels, colour profile
 * and encoding untouched, no re-encode — and what its format could not carry.
 */
export function writeImageMetadata(target: Uint8Array, metadata: ImageMetadata): MetadataWrite {
  const info = readImageInfo(target);
  switch (info?.mimeType) {
    case "image/jpeg":
      return writeJpegMetadata(target, metadata);
    case "image/png":
      return writePngMetadata(target, metadata);
    case "image/webp":
      return writeWebpMetadata(target, metadata, info);
    default:
      return { bytes: target, notCarried: [] };
  }
}

/** The EXIF orientation (1–8) an image's pixels need; 1 when they are stored upright or nothing says. */
export function orientationOf(metadata: ImageMetadata): number {
  const orientation = metadata.exif && readExif(metadata.exif)?.orientation;
  return orientation !== undefined && orientation >= 1 && orientation <= 8 ? orientation : 1;
}

/** The kinds of metadata present, personal EXIF fields named (the colour profile and density are not counted). */
export function metadataKinds(metadata: ImageMetadata): MetadataKind[] {
  const kinds: MetadataKind[] = [];
  const exif = metadata.exif && readExif(metadata.exif);
  if (metadata.exif !== undefined) kinds.push("exif");
  if (exif?.gps) kinds.push("gps");
  if (exif?.serialNumber) kinds.push("serial-number");
  if (exif?.names) kinds.push("names");
  if (exif?.makerNotes) kinds.push("maker-notes");
  if (metadata.xmp !== undefined) kinds.push("xmp");
  if (metadata.iptc !== undefined || metadata.photoshop !== undefined) kinds.push("iptc");
  if (metadata.comments.length > 0) kinds.push("comment");
  if (metadata.pngText.length > 0) kinds.push("png-text");
  if (metadata.trailer > 0) kinds.push("trailer");
  return kinds;
}

/** `kinds` without those in `minus`, keeping the EXIF details only while EXIF itself is in. */
export function withoutKinds(kinds: readonly MetadataKind[], minus: readonly MetadataKind[]): MetadataKind[] {
  const exifGone = minus.includes("exif");
  const exifDetails: readonly MetadataKind[] = ["gps", "serial-number", "names", "maker-notes"];
  return kinds.filter((kind) => !minus.includes(kind) && !(exifGone && exifDetails.includes(kind)));
}

export interface ResultMetadataOptions {
  /** The EXIF orientation the result's pixels need: 1 once they are upright. */
  orientation: number;
  width: number;
  height: number;
  /** Keep EXIF, XMP, IPTC, comments and text; otherwise only the colour profile and density (and orientation). */
  keep: boolean;
}

/**
 * What a result (or an upload) made from an input should carry: the input's metadata describing the new pixels —
 * orientation and pixel size updated, the thumbnail and the input's trailer data (a video, a gain map image)
 * left behind — or, when not kept, only the colour profile and density.
 */
export function metadataForResult(input: ImageMetadata, options: ResultMetadataOptions): ImageMetadata {
  const { orientation, width, height, keep } = options;
  const base: ImageMetadata = {
    ...emptyMetadata(),
    ...(input.icc && { icc: input.icc }),
    ...(input.pngIcc && { pngIcc: input.pngIcc }),
    ...(input.density && { density: input.density }),
  };
  const orientationOnly = orientation === 1 ? {} : { exif: minimalExif({ orientation }) };
  if (!keep) return { ...base, ...orientationOnly };
  return {
    ...base,
    ...(input.exif ? { exif: adaptExif(input.exif, { orientation, width, height }) } : orientationOnly),
    ...(input.xmp && { xmp: adaptXmp(input.xmp, orientation) }),
    ...(input.iptc && { iptc: input.iptc }),
    ...(input.photoshop && { photoshop: input.photoshop }),
    comments: input.comments,
    pngText: input.pngText,
  };
}

const LABELS: Readonly<Record<MetadataKind, string>> = {
  exif: "EXIF (camera, settings, dates)",
  gps: "GPS position",
  "serial-number": "camera or lens serial number",
  names: "names (artist, owner, copyright)",
  "maker-notes": "camera maker notes",
  xmp: "XMP",
  iptc: "IPTC (creator, rights, credit, caption)",
  comment: "comments",
  "png-text": "PNG text",
  "colour-profile": "colour profile",
  trailer: "data stored after the image (such as a Motion Photo's video)",
};

/** Kinds of metadata in words, for a message: "GPS position, XMP and comments". */
export function describeMetadata(kinds: readonly MetadataKind[]): string {
  const words = kinds.map((kind) => LABELS[kind]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
