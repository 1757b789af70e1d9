import { concatBytes } from "../internal/concat-bytes.js";
import { ascii, fromAscii, hasAscii, view } from "./bytes.js";
import {
  emptyMetadata,
  type ImageMetadata,
  type MetadataKind,
  type MetadataWrite,
  profileSpace,
} from "./image-metadata.js";
import { encodePngChunk, type PngChunk, walkPngChunks } from "./png-chunks.js";
import { readXmp } from "./xmp-packet.js";
import { zlibStored } from "./zlib-stored.js";

const XMP_KEYWORD = "XML:com.adobe.xmp";
// ImageMagick's convention for profiles in PNG text, which exiftool reads: "\n<type>\n<length>\n<hex…>\n".
const IPTC_KEYWORD = "Raw profile type iptc";
const TEXT_CHUNKS = new Set(["tEXt", "zTXt", "iTXt"]);
/** Replaced by what the result is given, or dropped: a result is a new file (tIME is its modification time). */
const REPLACED_CHUNKS = new Set(["eXIf", "pHYs", "tIME", ...TEXT_CHUNKS]);
const METRES_PER_INCH = 0.0254;

function keywordOf(chunk: PngChunk): string {
  const nul = chunk.data.indexOf(0);
  return ascii(chunk.data, 0, nul < 0 ? chunk.data.length : nul);
}

export function readPngMetadata(bytes: Uint8Array): ImageMetadata {
  const walk = walkPngChunks(bytes, false);
  const metadata = emptyMetadata();
  const space = channelSpace(walk.chunks[0]?.data[9] ?? 2);
  for (const chunk of walk.chunks) {
    if (!chunk.crcOk) continue;
    if (chunk.type === "eXIf") metadata.exif = withoutExifPrefix(chunk.data);
    else if (chunk.type === "iCCP") metadata.pngIcc = { data: chunk.data, space };
    else if (chunk.type === "pHYs" && chunk.data.length >= 9 && chunk.data[8] === 1) {
      const fields = view(chunk.data);
      metadata.density = { x: fields.getUint32(0) * METRES_PER_INCH, y: fields.getUint32(4) * METRES_PER_INCH };
    } else if (TEXT_CHUNKS.has(chunk.type)) readText(chunk, bytes, metadata);
  }
  if (metadata.xmp !== undefined) metadata.gainMap = readXmp(metadata.xmp).gainMap;
  metadata.trailer = walk.complete ? bytes.length - walk.end : 0;
  return metadata;
}

function readText(chunk: PngChunk, bytes: Uint8Array, metadata: ImageMetadata): void {
  const keyword = keywordOf(chunk);
  const text = chunk.data.subarray(keyword.length + 1);
  // iTXt: compression flag, method, language tag \0, translated keyword \0, text.
  if (chunk.type === "iTXt" && keyword === XMP_KEYWORD && text[0] === 0) {
    const language = text.indexOf(0, 2);
    const translated = language < 0 ? -1 : text.indexOf(0, language + 1);
    if (translated >= 0) {
      metadata.xmp = text.subarray(translated + 1);
      return;
    }
  }
  if (chunk.type === "tEXt" && keyword === IPTC_KEYWORD) {
    const iptc = decodeRawProfile(ascii(text, 0, text.length));
    if (iptc !== undefined) {
      metadata.iptc = iptc;
      return;
    }
  }
  metadata.pngText.push(bytes.subarray(chunk.start, chunk.end));
}

function withoutExifPrefix(exif: Uint8Array): Uint8Array {
  return hasAscii(exif, 0, "Exif\0\0") ? exif.subarray(6) : exif;
}

function decodeRawProfile(text: string): Uint8Array | undefined {
  const match = /^\n[^\n]*\n\s*(\d+)\n([\s\S]*)$/.exec(text);
  if (match === null) return undefined;
  const hex = (match[2] as string).replace(/\s+/g, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function encodeRawProfile(type: string, data: Uint8Array): Uint8Array {
  let hex = "";
  data.forEach((byte, i) => {
    hex += (i % 36 === 0 ? "\n" : "") + (byte < 16 ? "0" : "") + byte.toString(16);
  });
  return fromAscii(`\n${type}\n${String(data.length).padStart(8)}${hex}\n`);
}

function textChunk(keyword: string, text: Uint8Array): Uint8Array {
  return encodePngChunk("tEXt", concatBytes([fromAscii(keyword), Uint8Array.of(0), text]));
}

/** Colour types 0 and 4 are grey; the rest RGB (palette included). */
function channelSpace(colourType: number): string {
  return colourType === 0 || colourType === 4 ? "GRAY" : "RGB ";
}

/**
 * `target` (a complete PNG) carrying `metadata` in place of its own EXIF, text, density and modification time,
 * all placed right after IHDR (before PLTE and IDAT, where PNG wants them). Its own colour profile or sRGB
 * chunk stays; the input's profile is added where it has none and fits its channels. Nothing after IEND is kept.
 */
export function writePngMetadata(target: Uint8Array, metadata: ImageMetadata): MetadataWrite {
  const walk = walkPngChunks(target, false);
  const [header, ...rest] = walk.chunks;
  if (header === undefined || !walk.complete) return { bytes: target, notCarried: [] };
  const notCarried: MetadataKind[] = [];
  const added: Uint8Array[] = [];
  const hasColour = rest.some((chunk) => chunk.type === "iCCP" || chunk.type === "sRGB");
  const space = channelSpace(header.data[9] as number);
  if (!hasColour && metadata.pngIcc !== undefined && metadata.pngIcc.space === space) {
    added.push(encodePngChunk("iCCP", metadata.pngIcc.data));
  } else if (!hasColour && metadata.icc !== undefined && profileSpace(metadata.icc) === space) {
    added.push(encodePngChunk("iCCP", concatBytes([fromAscii("ICC Profile\0\0"), zlibStored(metadata.icc)])));
  }
  if (metadata.density !== undefined) {
    const data = new Uint8Array(9);
    view(data).setUint32(0, Math.round(metadata.density.x / METRES_PER_INCH));
    view(data).setUint32(4, Math.round(metadata.density.y / METRES_PER_INCH));
    data[8] = 1;
    added.push(encodePngChunk("pHYs", data));
  }
  if (metadata.exif !== undefined) added.push(encodePngChunk("eXIf", metadata.exif));
  if (metadata.xmp !== undefined) {
    added.push(encodePngChunk("iTXt", concatBytes([fromAscii(XMP_KEYWORD), new Uint8Array(5), metadata.xmp])));
  }
  if (metadata.iptc !== undefined) added.push(textChunk(IPTC_KEYWORD, encodeRawProfile("iptc", metadata.iptc)));
  for (const comment of metadata.comments) added.push(textChunk("Comment", latin1Safe(comment)));
  added.push(...metadata.pngText);
  const kept = rest.filter((chunk) => !REPLACED_CHUNKS.has(chunk.type));
  const bytes = concatBytes([
    target.subarray(0, header.end),
    ...added,
    ...kept.map((chunk) => target.subarray(chunk.start, chunk.end)),
  ]);
  return { bytes, notCarried };
}

/** tEXt holds Latin-1 without NUL: a JPEG comment's bytes, NULs dropped. */
function latin1Safe(text: Uint8Array): Uint8Array {
  return text.filter((byte) => byte !== 0);
}
