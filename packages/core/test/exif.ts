/** A value for `buildExif`: a SHORT, a LONG, an ASCII string or a RATIONAL. */
export type ExifValue = { short: number } | { long: number } | { ascii: string } | { rational: [number, number] };

export interface ExifSpec {
  ifd0?: Record<number, ExifValue>;
  exif?: Record<number, ExifValue>;
  gps?: Record<number, ExifValue>;
  /** Link a second directory (a thumbnail's) after IFD0. */
  thumbnail?: boolean;
  littleEndian?: boolean;
}

/**
 * An EXIF block (a TIFF structure) with the given tags, laid out as cameras write it: IFD0, then the EXIF and GPS
 * directories it points to, then values that do not fit in an entry.
 */
export function buildExif(spec: ExifSpec): Uint8Array {
  const little = spec.littleEndian ?? false;
  const buffer = Buffer.alloc(4096);
  const u16 = (value: number, at: number) =>
    little ? buffer.writeUInt16LE(value, at) : buffer.writeUInt16BE(value, at);
  const u32 = (value: number, at: number) =>
    little ? buffer.writeUInt32LE(value, at) : buffer.writeUInt32BE(value, at);
  buffer.write(little ? "II*\0" : "MM\0*", 0, "latin1");
  u32(8, 4);
  let free = 2048;
  const writeIfd = (at: number, tags: Record<number, ExifValue>, next: number): number => {
    const entries = Object.entries(tags).sort(([a], [b]) => Number(a) - Number(b));
    u16(entries.length, at);
    entries.forEach(([tag, value], i) => {
      const entry = at + 2 + 12 * i;
      u16(Number(tag), entry);
      if ("short" in value) {
        u16(3, entry + 2);
        u32(1, entry + 4);
        u16(value.short, entry + 8);
      } else if ("long" in value) {
        u16(4, entry + 2);
        u32(1, entry + 4);
        u32(value.long, entry + 8);
      } else if ("ascii" in value) {
        u16(2, entry + 2);
        u32(value.ascii.length + 1, entry + 4);
        u32(free, entry + 8);
        buffer.write(`${value.ascii}\0`, free, "latin1");
        free += value.ascii.length + 2;
      } else {
        u16(5, entry + 2);
        u32(1, entry + 4);
        u32(free, entry + 8);
        u32(value.rational[0], free);
        u32(value.rational[1], free + 4);
        free += 8;
      }
    });
    u32(next, at + 2 + 12 * entries.length);
    return at + 2 + 12 * entries.length + 4;
  };
  const ifd0: Record<number, ExifValue> = { ...spec.ifd0 };
  if (spec.exif) ifd0[0x8769] = { long: 1024 };
  if (spec.gps) ifd0[0x8825] = { long: 1536 };
  writeIfd(8, ifd0, spec.thumbnail ? 1800 : 0);
  if (spec.exif) writeIfd(1024, spec.exif, 0);
  if (spec.gps) writeIfd(1536, spec.gps, 0);
  if (spec.thumbnail) writeIfd(1800, { 259: { short: 6 } }, 0);
  return new Uint8Array(buffer.subarray(0, free));
}

/** A camera's EXIF: make, orientation, 300 dpi, an owner, serial numbers, maker notes and a GPS position. */
export function cameraExif(orientation = 6): Uint8Array {
  return buildExif({
    ifd0: {
      271: { ascii: "Phone Maker" },
      274: { short: orientation },
      282: { rational: [300, 1] },
      283: { rational: [300, 1] },
      296: { short: 2 },
      315: { ascii: "Jane Doe" },
    },
    exif: {
      37500: { ascii: "maker notes" },
      40962: { long: 5 },
      40963: { long: 4 },
      42032: { ascii: "Jane Doe" },
      42033: { ascii: "SN-123456" },
    },
    gps: { 1: { ascii: "N" }, 2: { rational: [51, 1] } },
    thumbnail: true,
  });
}
