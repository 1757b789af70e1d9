import { concatBytes } from "../internal/concat-bytes.js";
import { fromAscii, hasAscii, view } from "./bytes.js";
import { type Density, readExif } from "./exif.js";
import {
  emptyMetadata,
  type ImageMetadata,
  type MetadataKind,
  type MetadataWrite,
  profileSpace,
} from "./image-metadata.js";
import { findMpf, relocateMpf } from "./jpeg-gain-map.js";
import { type JpegSegment, readJpegStructure } from "./jpeg-structure.js";
import { readXmp } from "./xmp-packet.js";

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const APP14 = 0xee;
const COM = 0xfe;

const EXIF_HEADER = "Exif\0\0";
const XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0";
const EXTENDED_XMP_HEADER = "http://ns.adobe.com/xmp/extension/\0";
const ICC_HEADER = "ICC_PROFILE\0";
const PHOTOSHOP_HEADER = "Photoshop 3.0\0";
const ISO_GAIN_MAP_HEADER = "urn:iso:std:iso:ts:21496:-1\0";
/** A segment's payload is at most 65533 bytes: its length field counts itself and holds 16 bits. */
const MAX_PAYLOAD = 0xffff - 2;
/** ICC profile chunks carry a 14-byte header (name, sequence number, count). */
const ICC_CHUNK = MAX_PAYLOAD - ICC_HEADER.length - 2;

// Photoshop resources: IPTC-IIM, and the two thumbnail kinds (stale once the image is upscaled).
const IRB_IPTC = 0x0404;
const IRB_THUMBNAILS = new Set([0x0409, 0x040c]);

function payload(bytes: Uint8Array, segment: JpegSegment): Uint8Array {
  return bytes.subarray(segment.start + 4, segment.end);
}

function isApp(bytes: Uint8Array, segment: JpegSegment, marker: number, header: string): boolean {
  return segment.marker === marker && hasAscii(bytes, segment.start + 4, header);
}

export function readJpegMetadata(bytes: Uint8Array): ImageMetadata {
  const structure = readJpegStructure(bytes);
  const metadata = emptyMetadata();
  const iccChunks: Array<[number, Uint8Array]> = [];
  const photoshop: Uint8Array[] = [];
  let jfifDensity: Density | undefined;
  for (const segment of structure.head) {
    const data = payload(bytes, segment);
    if (isApp(bytes, segment, APP0, "JFIF\0")) jfifDensity = readJfifDensity(data);
    else if (isApp(bytes, segment, APP1, EXIF_HEADER)) metadata.exif ??= data.subarray(EXIF_HEADER.length);
    else if (isApp(bytes, segment, APP1, XMP_HEADER)) metadata.xmp ??= data.subarray(XMP_HEADER.length);
    else if (isApp(bytes, segment, APP2, ICC_HEADER)) iccChunks.push([data[12] as number, data.subarray(14)]);
    else if (isApp(bytes, segment, APP2, ISO_GAIN_MAP_HEADER)) metadata.gainMap = true;
    else if (isApp(bytes, segment, APP13, PHOTOSHOP_HEADER)) photoshop.push(data.subarray(PHOTOSHOP_HEADER.length));
    else if (segment.marker === COM) metadata.comments.push(data);
  }
  if (iccChunks.length > 0) metadata.icc = concatBytes(iccChunks.sort((a, b) => a[0] - b[0]).map(([, chunk]) => chunk));
  if (photoshop.length > 0) Object.assign(metadata, readPhotoshop(concatBytes(photoshop)));
  const density = jfifDensity ?? (metadata.exif && readExif(metadata.exif)?.density);
  if (density !== undefined) metadata.density = density;
  if (metadata.xmp !== undefined) {
    const facts = readXmp(metadata.xmp);
    metadata.gainMap ||= facts.gainMap;
    metadata.motionPhoto = facts.motionPhoto;
  }
  metadata.trailer = structure.end === undefined ? 0 : bytes.length - structure.end;
  return metadata;
}

/** JFIF: version (2), units (0 aspect ratio only, 1 per inch, 2 per cm), x and y density (2 each). */
function readJfifDensity(data: Uint8Array): Density | undefined {
  if (data.length < 12) return undefined;
  const fields = view(data);
  const [units, x, y] = [data[7], fields.getUint16(8), fields.getUint16(10)];
  if ((units !== 1 && units !== 2) || x === 0 || y === 0) return undefined;
  const perInch = units === 2 ? 2.54 : 1;
  return { x: x * perInch, y: y * perInch };
}

/** Photoshop image resources: "8BIM", id, a padded Pascal name, a size, the padded data. */
function readPhotoshop(resources: Uint8Array): Pick<ImageMetadata, "iptc" | "photoshop"> {
  const fields = view(resources);
  const kept: Uint8Array[] = [];
  let iptc: Uint8Array | undefined;
  let at = 0;
  while (at + 12 <= resources.length && hasAscii(resources, at, "8BIM")) {
    const id = fields.getUint16(at + 4);
    const nameLength = resources[at + 6] as number;
    const sizeAt = at + 6 + nameLength + 1 + ((nameLength + 1) % 2);
    if (sizeAt + 4 > resources.length) break;
    const size = fields.getUint32(sizeAt);
    const end = Math.min(resources.length, sizeAt + 4 + size + (size % 2));
    if (id === IRB_IPTC) iptc = resources.subarray(sizeAt + 4, sizeAt + 4 + size);
    if (!IRB_THUMBNAILS.has(id)) kept.push(resources.subarray(at, end));
    at = end;
  }
  return { ...(iptc && { iptc }), ...(kept.length > 0 && { photoshop: concatBytes(kept) }) };
}

function photoshopIptc(iptc: Uint8Array): Uint8Array {
  const resource = new Uint8Array(12 + iptc.length + (iptc.length % 2));
  resource.set(fromAscii("8BIM"), 0);
  const fields = view(resource);
  fields.setUint16(4, IRB_IPTC);
  fields.setUint32(8, iptc.length);
  resource.set(iptc, 12);
  return resource;
}

function segment(marker: number, ...parts: Uint8Array[]): Uint8Array {
  const data = concatBytes(parts);
  const out = new Uint8Array(4 + data.length);
  out[0] = 0xff;
  out[1] = marker;
  view(out).setUint16(2, data.length + 2);
  out.set(data, 4);
  return out;
}

function jfif(density: Density | undefined): Uint8Array {
  const data = new Uint8Array([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  if (density !== undefined) {
    data[7] = 1;
    view(data).setUint16(8, Math.min(0xffff, Math.round(density.x)));
    view(data).setUint16(10, Math.min(0xffff, Math.round(density.y)));
  }
  return segment(APP0, data);
}

function iccSegments(icc: Uint8Array): Uint8Array[] {
  const count = Math.ceil(icc.length / ICC_CHUNK);
  return Array.from({ length: count }, (_, i) =>
    segment(APP2, fromAscii(ICC_HEADER), Uint8Array.of(i + 1, count), icc.subarray(i * ICC_CHUNK, (i + 1) * ICC_CHUNK)),
  );
}

const COLOUR_SPACES: Readonly<Record<number, string>> = { 1: "GRAY", 3: "RGB ", 4: "CMYK" };

/**
 * `target` (a complete JPEG) carrying `metadata` instead of its own EXIF, XMP, Photoshop/IPTC, comments and
 * density; its own colour profile stays (the input's is added only where it has none and fits its channels). An
 * HDR gain map the target carries itself (MPF, after the image) is kept with the segments that point at it.
 */
export function writeJpegMetadata(target: Uint8Array, metadata: ImageMetadata): MetadataWrite {
  const structure = readJpegStructure(target);
  if (structure.end === undefined || structure.scanStart === undefined) return { bytes: target, notCarried: [] };
  const notCarried: MetadataKind[] = [];
  const mpf = findMpf(target, structure.head);
  const mpfIndex = mpf === undefined ? -1 : structure.head.indexOf(mpf);
  const ownGainMap = mpfIndex >= 0;
  // The target's own description of its gain map lives in its XMP: that one stays, and the input's cannot join it.
  const ownXmp = structure.head.find((s) => isApp(target, s, APP1, XMP_HEADER));
  const keepOwnXmp = ownXmp !== undefined && readXmp(payload(target, ownXmp)).gainMap;
  const replaced = (s: JpegSegment) =>
    isApp(target, s, APP0, "JFIF\0") ||
    isApp(target, s, APP1, EXIF_HEADER) ||
    (isApp(target, s, APP1, XMP_HEADER) && !keepOwnXmp) ||
    isApp(target, s, APP1, EXTENDED_XMP_HEADER) ||
    isApp(target, s, APP13, PHOTOSHOP_HEADER) ||
    s.marker === COM;
  // Offsets in an MPF segment count from it: nothing after it may change size.
  const kept = structure.head.filter((s, i) => (ownGainMap && i >= mpfIndex) || !replaced(s));
  const hasJfif = structure.head.some((s) => isApp(target, s, APP0, "JFIF\0"));
  const components = structure.frame?.components.length ?? 3;
  const hasAdobe = structure.head.some((s) => s.marker === APP14);
  const added: Uint8Array[] = [];
  if (hasJfif || (metadata.density !== undefined && (components === 1 || components === 3) && !hasAdobe)) {
    added.push(jfif(metadata.density));
  }
  if (metadata.exif !== undefined) {
    if (EXIF_HEADER.length + metadata.exif.length <= MAX_PAYLOAD) {
      added.push(segment(APP1, fromAscii(EXIF_HEADER), metadata.exif));
    } else notCarried.push("exif");
  }
  if (metadata.xmp !== undefined) {
    if (!keepOwnXmp && XMP_HEADER.length + metadata.xmp.length <= MAX_PAYLOAD) {
      added.push(segment(APP1, fromAscii(XMP_HEADER), metadata.xmp));
    } else notCarried.push("xmp");
  }
  const photoshop = metadata.photoshop ?? (metadata.iptc && photoshopIptc(metadata.iptc));
  if (photoshop !== undefined) {
    if (PHOTOSHOP_HEADER.length + photoshop.length <= MAX_PAYLOAD) {
      added.push(segment(APP13, fromAscii(PHOTOSHOP_HEADER), photoshop));
    } else notCarried.push("iptc");
  }
  const hasIcc = structure.head.some((s) => isApp(target, s, APP2, ICC_HEADER));
  if (!hasIcc && metadata.icc !== undefined && profileSpace(metadata.icc) === COLOUR_SPACES[components]) {
    added.push(...iccSegments(metadata.icc));
  } else if (!hasIcc && metadata.pngIcc !== undefined) {
    notCarried.push("colour-profile");
  }
  for (const comment of metadata.comments) added.push(segment(COM, comment.subarray(0, MAX_PAYLOAD)));
  if (metadata.pngText.length > 0) notCarried.push("png-text");
  const bytes = concatBytes([
    target.subarray(0, 2),
    ...added,
    ...kept.map((s) => target.subarray(s.start, s.end)),
    target.subarray(structure.scanStart, ownGainMap ? target.length : structure.end),
  ]);
  // The primary image grew; the pictures after it moved with the MPF header, so their offsets still hold.
  if (ownGainMap) relocateMpf(bytes, 0);
  return { bytes, notCarried };
}
