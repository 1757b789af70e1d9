import { startsWith, view } from "./bytes.js";
import { PNG_SIGNATURE, type PngChunk, walkPngChunks } from "./png-chunks.js";

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

/** Why an image cannot be used: its data stops early, or something in it is wrong. */
export interface ImageProblem {
  cutShort: boolean;
  why: string;
}

export interface PngStructure {
  /** Present only when the header chunk is there, intact and valid. */
  header?: PngHeader;
  problem?: ImageProblem;
  /** Set when an acTL chunk makes the file an APNG. */
  animation?: {
    frames: number;
    /** An fcTL before the first IDAT: the still image is the animation's first frame. */
    stillIsFirstFrame: boolean;
  };
  /** Offset just past IEND; bytes after it are a trailer, which PNG readers ignore. */
  end?: number;
}

/** The largest width or height the PNG specification allows: 2^31 − 1. */
const MAX_SIDE = 0x7fffffff;

/** Bit depths allowed for each colour type (PNG specification, table 11.1). */
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const KNOWN_CRITICAL = new Set(["IHDR", "PLTE", "IDAT", "IEND"]);

/** The header alone (signature, then an intact, valid IHDR), without walking the rest of the file. */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (!startsWith(bytes, PNG_SIGNATURE) || bytes.length < 33) return undefined;
  const [ihdr] = walkPngChunks(bytes.subarray(0, 33)).chunks;
  if (ihdr?.type !== "IHDR" || !ihdr.crcOk || headerProblem(ihdr.data) !== undefined) return undefined;
  return parseHeader(ihdr.data);
}

/**
 * The structural checks a PNG decoder makes, without decoding: the signature, a valid IHDR first, every chunk's
 * CRC, no unknown critical chunk, a palette where the colour type needs one, at least one IDAT, and IEND. Bytes
 * after IEND are allowed (some tools append data); a file that stops before IEND is cut short. Without
 * `checkCrc`, only the structure is walked (quick on a large image).
 */
export function readPngStructure(bytes: Uint8Array, checkCrc = true): PngStructure {
  if (!startsWith(bytes, PNG_SIGNATURE)) {
    return bad("its signature is altered (a transfer in text mode changes line endings)");
  }
  const walk = walkPngChunks(bytes, checkCrc);
  const [first] = walk.chunks;
  if (first === undefined) return { problem: { cutShort: true, why: "it stops before its header" } };
  if (first.type !== "IHDR") return bad("it does not start with a header chunk (IHDR)");
  if (!first.crcOk) return bad("the header chunk's checksum is wrong");
  const invalid = headerProblem(first.data);
  if (invalid !== undefined) return bad(`its header is invalid: ${invalid}`);
  const header = parseHeader(first.data);
  const { problem, animation } = readBody(walk.chunks, header);
  const structure: PngStructure = animation === undefined ? { header } : { header, animation };
  if (problem !== undefined) return { ...structure, problem };
  if (!walk.complete) return { ...structure, problem: { cutShort: true, why: "it stops before its end" } };
  return { ...structure, end: walk.end };
}

function parseHeader(data: Uint8Array): PngHeader {
  const fields = view(data);
  return {
    width: fields.getUint32(0),
    height: fields.getUint32(4),
    bitDepth: data[8] as number,
    colourType: data[9] as number,
    interlaced: data[12] === 1,
  };
}

function headerProblem(data: Uint8Array): string | undefined {
  if (data.length !== 13) return `its length is ${data.length}, not 13`;
  const fields = view(data);
  const width = fields.getUint32(0);
  const height = fields.getUint32(4);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) return `it says ${width}×${height}`;
  const [bitDepth, colourType, compression, filter, interlace] = [data[8], data[9], data[10], data[11], data[12]];
  const depths = BIT_DEPTHS[colourType as number];
  if (depths === undefined) return `colour type ${colourType} does not exist`;
  if (!depths.includes(bitDepth as number)) return `bit depth ${bitDepth} is not allowed for colour type ${colourType}`;
  if (compression !== 0) return `compression method ${compression} does not exist`;
  if (filter !== 0) return `filter method ${filter} does not exist`;
  if (interlace !== 0 && interlace !== 1) return `interlace method ${interlace} does not exist`;
  return undefined;
}

function readBody(chunks: readonly PngChunk[], header: PngHeader): Pick<PngStructure, "problem" | "animation"> {
  let palette = false;
  let imageData = false;
  let frameControlBeforeData = false;
  let frames: number | undefined;
  for (const chunk of chunks.slice(1)) {
    if (!/^[A-Za-z]{4}$/.test(chunk.type)) return bad("a chunk's type is not four letters");
    if (!chunk.crcOk) return bad(`the ${chunk.type} chunk's checksum is wrong`);
    // A lowercase first letter marks an ancillary chunk a decoder may skip; an unknown critical one stops it.
    if (chunk.type.charCodeAt(0) < 0x61 && !KNOWN_CRITICAL.has(chunk.type)) {
      return bad(`it has an unknown critical chunk (${chunk.type})`);
    }
    if (chunk.type === "PLTE") palette = true;
    if (chunk.type === "acTL" && !imageData && chunk.data.length >= 8) frames = view(chunk.data).getUint32(0);
    if (chunk.type === "fcTL" && !imageData) frameControlBeforeData = true;
    if (chunk.type === "IDAT") {
      if (header.colourType === 3 && !palette) return bad("its palette (PLTE) is missing");
      imageData = true;
    }
    if (chunk.type === "IEND" && !imageData) return bad("it has no image data (IDAT)");
  }
  return frames === undefined ? {} : { animation: { frames, stillIsFirstFrame: frameControlBeforeData } };
}

function bad(why: string): { problem: ImageProblem } {
  return { problem: { cutShort: false, why } };
}
