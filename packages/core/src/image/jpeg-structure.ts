import { view } from "./bytes.js";
import type { ImageProblem } from "./png-structure.js";

/** A marker segment: `start` is its 0xFF, `end` just past its payload (`bytes.subarray(start + 4, end)`). */
export interface JpegSegment {
  marker: number;
  start: number;
  end: number;
}

export interface JpegComponent {
  horizontal: number;
  vertical: number;
  quantTable: number;
}

export interface JpegFrame {
  width: number;
  height: number;
  progressive: boolean;
  components: JpegComponent[];
}

export interface JpegStructure {
  /** Every marker segment before the first scan (where the metadata lives), in file order. */
  head: JpegSegment[];
  /** Offset of the first start-of-scan marker: the image data runs from here to `end`. */
  scanStart?: number;
  frame?: JpegFrame;
  /** Offset just past the end-of-image marker; bytes after it are a trailer (a phone's extra data, a video…). */
  end?: number;
  problem?: ImageProblem;
}

const SOS = 0xda;
const EOI = 0xd9;

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers without a length field: TEM and the restart markers. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/**
 * Walks a JPEG marker by marker and through its entropy-coded scans to the end-of-image marker, so "complete"
 * means the image data itself is all there — whatever follows (Samsung trailers, a Motion Photo's video, an HDR
 * gain map image) is a trailer, not damage.
 */
export function readJpegStructure(bytes: Uint8Array): JpegStructure {
  const head: JpegSegment[] = [];
  const structure: JpegStructure = { head };
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return withProblem(structure, false, "it does not start like a JPEG");
  const data = view(bytes);
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) return withProblem(structure, false, "its markers are out of step");
    const marker = bytes[offset + 1];
    if (marker === undefined) break;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === EOI) return { ...structure, end: offset + 2 };
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) break;
    const end = offset + 2 + data.getUint16(offset + 2);
    if (end > bytes.length) break;
    if (structure.scanStart === undefined && marker !== SOS) head.push({ marker, start: offset, end });
    if (isStartOfFrame(marker) && structure.frame === undefined) {
      structure.frame = parseFrame(bytes.subarray(offset + 4, end), marker);
    }
    if (marker === SOS) {
      if (structure.frame === undefined) return withProblem(structure, false, "a scan comes before its frame header");
      if (structure.scanStart === undefined) structure.scanStart = offset;
      offset = skipEntropyCoded(bytes, end);
    } else {
      offset = end;
    }
  }
  return withProblem(structure, true, "it stops before its end");
}

function withProblem(structure: JpegStructure, cutShort: boolean, why: string): JpegStructure {
  return { ...structure, problem: { cutShort, why } };
}

function parseFrame(payload: Uint8Array, marker: number): JpegFrame | undefined {
  if (payload.length < 6) return undefined;
  const fields = view(payload);
  const count = payload[5] as number;
  const components: JpegComponent[] = [];
  for (let i = 0; i < count && 6 + 3 * i + 2 < payload.length; i++) {
    const sampling = payload[6 + 3 * i + 1] as number;
    components.push({
      horizontal: sampling >> 4,
      vertical: sampling & 0x0f,
      quantTable: payload[6 + 3 * i + 2] as number,
    });
  }
  // SOF2, SOF6, SOF10 and SOF14 are progressive.
  const progressive = (marker & 0x03) === 0x02;
  return { height: fields.getUint16(1), width: fields.getUint16(3), progressive, components };
}

/** The offset of the first marker after entropy-coded data: 0xFF not followed by a stuffed 0x00 or a restart marker. */
function skipEntropyCoded(bytes: Uint8Array, from: number): number {
  let at = bytes.indexOf(0xff, from);
  while (at >= 0 && at + 1 < bytes.length) {
    const next = bytes[at + 1] as number;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at;
    at = bytes.indexOf(0xff, at + (next === 0xff ? 1 : 2));
  }
  return bytes.length;
}
