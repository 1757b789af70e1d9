import { hasAscii } from "./bytes.js";
import { minimalExif, readExif } from "./exif.js";
import {
  emptyMetadata,
  type ImageMetadata,
  type MetadataKind,
  type MetadataWrite,
  profileSpace,
} from "./image-metadata.js";
import { encodeWebpChunk, encodeWebpFile, readWebpChunks, type WebpChunk } from "./webp-chunks.js";
import { readXmp } from "./xmp-packet.js";

const METADATA_CHUNKS = new Set(["VP8X", "ICCP", "EXIF", "XMP "]);
// VP8X flags (WebP container specification).
const ICC_FLAG = 0x20;
const ALPHA_FLAG = 0x10;
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

export function readWebpMetadata(bytes: Uint8Array): ImageMetadata {
  const file = readWebpChunks(bytes);
  const metadata = emptyMetadata();
  if (file === undefined) return metadata;
  for (const chunk of file.chunks) {
    if (chunk.fourcc === "ICCP") metadata.icc = chunk.data;
    if (chunk.fourcc === "EXIF")
      metadata.exif = hasAscii(chunk.data, 0, "Exif\0\0") ? chunk.data.subarray(6) : chunk.data;
    if (chunk.fourcc === "XMP ") metadata.xmp = chunk.data;
  }
  const density = metadata.exif && readExif(metadata.exif)?.density;
  if (density !== undefined) metadata.density = density;
  if (metadata.xmp !== undefined) metadata.gainMap = readXmp(metadata.xmp).gainMap;
  metadata.trailer = file.complete ? bytes.length - file.end : 0;
  return metadata;
}

function hasAlpha(chunks: readonly WebpChunk[]): boolean {
  const extended = chunks.find((chunk) => chunk.fourcc === "VP8X");
  if (extended !== undefined) return ((extended.data[0] as number) & ALPHA_FLAG) !== 0;
  // A simple lossless file: VP8L's header holds "alpha is used" after its 14-bit width and height.
  const lossless = chunks.find((chunk) => chunk.fourcc === "VP8L");
  return lossless !== undefined && (((lossless.data[4] as number) >> 4) & 1) === 1;
}

/**
 * `target` (a complete still WebP) carrying `metadata` in place of its own EXIF and XMP, in the extended format
 * when there is anything to carry. Density lives in EXIF here (a minimal block is written when the input had
 * density but no EXIF). WebP has no place for IPTC, comments or PNG text: those are reported as not carried.
 */
export function writeWebpMetadata(
  target: Uint8Array,
  metadata: ImageMetadata,
  size: { width: number; height: number },
): MetadataWrite {
  const file = readWebpChunks(target);
  if (file === undefined || !file.complete) return { bytes: target, notCarried: [] };
  const notCarried: MetadataKind[] = [];
  if (metadata.iptc !== undefined) notCarried.push("iptc");
  if (metadata.comments.length > 0) notCarried.push("comment");
  if (metadata.pngText.length > 0) notCarried.push("png-text");
  const image = file.chunks.filter((chunk) => !METADATA_CHUNKS.has(chunk.fourcc));
  const ownIcc = file.chunks.find((chunk) => chunk.fourcc === "ICCP")?.data;
  let icc = ownIcc;
  if (icc === undefined && metadata.icc !== undefined && profileSpace(metadata.icc) === "RGB ") icc = metadata.icc;
  else if (icc === undefined && metadata.pngIcc !== undefined) notCarried.push("colour-profile");
  const exif = metadata.exif ?? (metadata.density && minimalExif({ density: metadata.density }));
  const alpha = hasAlpha(file.chunks);
  const imageChunks = image.map((chunk) => target.subarray(chunk.start, chunk.end));
  // Lossy alpha (an ALPH chunk) needs the extended format; lossless alpha is inside VP8L.
  const extended = icc || exif || metadata.xmp || image.some((chunk) => chunk.fourcc === "ALPH");
  if (!extended) return { bytes: encodeWebpFile(imageChunks), notCarried };
  const header = new Uint8Array(10);
  header[0] = (icc ? ICC_FLAG : 0) | (alpha ? ALPHA_FLAG : 0) | (exif ? EXIF_FLAG : 0) | (metadata.xmp ? XMP_FLAG : 0);
  header.set(uint24(size.width - 1), 4);
  header.set(uint24(size.height - 1), 7);
  const bytes = encodeWebpFile([
    encodeWebpChunk("VP8X", header),
    ...(icc ? [encodeWebpChunk("ICCP", icc)] : []),
    ...imageChunks,
    ...(exif ? [encodeWebpChunk("EXIF", exif)] : []),
    ...(metadata.xmp ? [encodeWebpChunk("XMP ", metadata.xmp)] : []),
  ]);
  return { bytes, notCarried };
}

function uint24(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
}
