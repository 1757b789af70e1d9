import { concatBytes } from "../internal/concat-bytes.js";
import { hasAscii, view } from "./bytes.js";
import { type JpegSegment, readJpegStructure } from "./jpeg-structure.js";

const APP1 = 0xe1;
const APP2 = 0xe2;
const XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0";
const ISO_GAIN_MAP_HEADER = "urn:iso:std:iso:ts:21496:-1\0";
const MPF_HEADER = "MPF\0";
const MP_ENTRY = 0xb002;

function isApp(bytes: Uint8Array, segment: JpegSegment, marker: number, header: string): boolean {
  return segment.marker === marker && hasAscii(bytes, segment.start + 4, header);
}

/** The MPF segment (multi-picture format: where the images after the primary one are), if any. */
export function findMpf(bytes: Uint8Array, head: readonly JpegSegment[]): JpegSegment | undefined {
  return head.find((segment) => isApp(bytes, segment, APP2, MPF_HEADER));
}

/**
 * `base`'s image in `carrier`'s Ultra HDR container: the carrier's gain map image (stored after its primary
 * image), with the segments that describe and locate it (XMP hdrgm, ISO 21496-1, MPF), around the base's own
 * image data. Both must be JPEGs of one size — the carrier typically the input resized with its gain map kept,
 * the base the same picture upscaled better. `undefined` when the carrier has no gain map to give.
 */
export function withGainMapOf(base: Uint8Array, carrier: Uint8Array): Uint8Array | undefined {
  const own = readJpegStructure(base);
  const container = readJpegStructure(carrier);
  if (own.end === undefined || own.scanStart === undefined || container.end === undefined) return undefined;
  const mpf = findMpf(carrier, container.head);
  if (mpf === undefined || container.end === carrier.length) return undefined;
  const described = container.head.filter(
    (s) => isApp(carrier, s, APP1, XMP_HEADER) || isApp(carrier, s, APP2, ISO_GAIN_MAP_HEADER),
  );
  const head = [...described, mpf].map((s) => carrier.subarray(s.start, s.end));
  const mpfAt = 2 + head.slice(0, -1).reduce((sum, segment) => sum + segment.length, 0);
  const file = concatBytes([base.subarray(0, 2), ...head, base.subarray(2, own.end), carrier.subarray(container.end)]);
  const primaryEnd = file.length - (carrier.length - container.end);
  // The pictures after the primary one move by as much as the primary's end and the MPF header moved apart.
  const shift = primaryEnd - container.end - (mpfAt - mpf.start);
  return relocateMpf(file, shift) ? file : undefined;
}

/**
 * Rewrites, in place, the MPF picture entries of a JPEG whose layout changed: the primary image's size (to its
 * end-of-image marker), and every other picture's offset (counted from the MPF header) moved by `shift` — 0 when
 * only segments before the MPF segment changed, since offsets count from it.
 */
export function relocateMpf(file: Uint8Array, shift: number): boolean {
  const structure = readJpegStructure(file);
  const mpf = findMpf(file, structure.head);
  if (mpf === undefined || structure.end === undefined) return false;
  const header = mpf.start + 4 + MPF_HEADER.length;
  const fields = view(file);
  const little = hasAscii(file, header, "II*\0");
  if (!little && !hasAscii(file, header, "MM\0*")) return false;
  const ifd = header + fields.getUint32(header + 4, little);
  if (ifd + 2 > mpf.end) return false;
  const count = fields.getUint16(ifd, little);
  for (let i = 0; i < count && ifd + 14 + 12 * i <= mpf.end; i++) {
    const entry = ifd + 2 + 12 * i;
    if (fields.getUint16(entry, little) !== MP_ENTRY) continue;
    const pictures = Math.floor(fields.getUint32(entry + 4, little) / 16);
    const data = header + fields.getUint32(entry + 8, little);
    if (data + 16 * pictures > mpf.end) return false;
    for (let picture = 0; picture < pictures; picture++) {
      const at = data + 16 * picture;
      if (picture === 0) fields.setUint32(at + 4, structure.end, little);
      else fields.setUint32(at + 8, fields.getUint32(at + 8, little) + shift, little);
    }
    return true;
  }
  return false;
}
