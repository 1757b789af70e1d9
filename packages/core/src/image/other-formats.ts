import { ascii, hasAscii, startsWith, view } from "./bytes.js";
import { readTiffSize } from "./exif.js";

/**
 * Formats the core recognises but does not send to a vendor as they are: the offline provider reads them (sharp
 * does), and for the others the core says what to convert them to. Sizes come from headers, for the pixel limit.
 */
export type OtherImageType = "image/avif" | "image/heic" | "image/heif" | "image/tiff" | "image/bmp" | "image/svg+xml";

type Size = { width: number; height: number };

// ISO base media file format brands (ftyp): AV1 images, HEVC images, and the generic HEIF ones.
const AVIF_BRANDS = ["avif", "avis"];
const HEIC_BRANDS = ["heic", "heix", "hevc", "hevx", "heim", "heis"];
const HEIF_BRANDS = ["mif1", "msf1"];
/** Brands of image sequences (animations). */
const SEQUENCE_BRANDS = ["avis", "hevc", "hevx", "msf1"];

function brands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || !hasAscii(bytes, 4, "ftyp")) return [];
  const size = Math.min(view(bytes).getUint32(0), bytes.length);
  const found = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= size; at += 4) found.push(ascii(bytes, at, 4));
  return found;
}

export function sniffOtherType(bytes: Uint8Array): OtherImageType | undefined {
  const ftyp = brands(bytes);
  // The major brand says what the file is; compatible brands say what else can read it.
  const major = ftyp[0] === undefined ? undefined : brandType(ftyp[0]);
  if (major === "image/avif" || major === "image/heic") return major;
  if (ftyp.some((brand) => AVIF_BRANDS.includes(brand))) return "image/avif";
  if (ftyp.some((brand) => HEIC_BRANDS.includes(brand))) return "image/heic";
  if (major === "image/heif" || ftyp.some((brand) => HEIF_BRANDS.includes(brand))) return "image/heif";
  if (hasAscii(bytes, 0, "II*\0") || hasAscii(bytes, 0, "MM\0*")) return "image/tiff";
  if (hasAscii(bytes, 0, "BM") && bytes.length >= 26) return "image/bmp";
  if (looksLikeSvg(bytes)) return "image/svg+xml";
  return undefined;
}

function brandType(brand: string): OtherImageType | undefined {
  if (AVIF_BRANDS.includes(brand)) return "image/avif";
  if (HEIC_BRANDS.includes(brand)) return "image/heic";
  return HEIF_BRANDS.includes(brand) ? "image/heif" : undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const start = ascii(bytes, startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0, 1024).replace(/<!--[\s\S]*?-->/g, "");
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(start);
}

/** Whether an AVIF or HEIF holds an image sequence (an animation) rather than a still. */
export function isImageSequence(bytes: Uint8Array): boolean {
  const major = brands(bytes)[0];
  return major !== undefined && SEQUENCE_BRANDS.includes(major);
}

/** Pixel size from the header; `undefined` when unknown (an SVG has none until rendered). */
export function otherImageSize(bytes: Uint8Array, type: OtherImageType): Size | undefined {
  switch (type) {
    case "image/tiff":
      return readTiffSize(bytes);
    case "image/bmp":
      return bmpSize(bytes);
    case "image/svg+xml":
      return undefined;
    default:
      return isobmffSize(bytes);
  }
}

function bmpSize(bytes: Uint8Array): Size | undefined {
  const fields = view(bytes);
  // A 12-byte OS/2 header has 16-bit sizes; the others 32-bit, the height negative for top-down rows.
  if (fields.getUint32(14, true) === 12)
    return { width: fields.getUint16(18, true), height: fields.getUint16(20, true) };
  return { width: Math.abs(fields.getInt32(18, true)), height: Math.abs(fields.getInt32(22, true)) };
}

/**
 * The largest image spatial extent (`ispe`) among the item properties (meta → iprp → ipco): the primary image,
 * or the grid that tiles make up, is the largest one — never smaller than what will be decoded.
 */
function isobmffSize(bytes: Uint8Array): Size | undefined {
  const meta = childBox(bytes, 0, bytes.length, "meta");
  // `meta` is a full box: version and flags come before its children.
  const iprp = meta && childBox(bytes, meta.start + 4, meta.end, "iprp");
  const ipco = iprp && childBox(bytes, iprp.start, iprp.end, "ipco");
  if (ipco === undefined) return undefined;
  let best: Size | undefined;
  const fields = view(bytes);
  for (let box = nextBox(bytes, ipco.start, ipco.end); box !== undefined; box = nextBox(bytes, box.end, ipco.end)) {
    if (box.type !== "ispe" || box.start + 12 > box.end) continue;
    const size = { width: fields.getUint32(box.start + 4), height: fields.getUint32(box.start + 8) };
    if (best === undefined || size.width * size.height > best.width * best.height) best = size;
  }
  return best;
}

interface Box {
  type: string;
  /** Offset of the box's content. */
  start: number;
  end: number;
}

function nextBox(bytes: Uint8Array, at: number, limit: number): Box | undefined {
  if (at + 8 > limit) return undefined;
  const size = view(bytes).getUint32(at);
  const end = size === 0 ? limit : at + size;
  if (size !== 0 && (size < 8 || end > limit)) return undefined;
  return { type: ascii(bytes, at + 4, 4), start: at + 8, end };
}

function childBox(bytes: Uint8Array, from: number, limit: number, type: string): Box | undefined {
  for (let box = nextBox(bytes, from, limit); box !== undefined; box = nextBox(bytes, box.end, limit)) {
    if (box.type === type) return box;
  }
  return undefined;
}
