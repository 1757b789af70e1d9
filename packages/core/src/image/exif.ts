import { hasAscii, view } from "./bytes.js";

/** Dots per inch, across and down. */
export interface Density {
  x: number;
  y: number;
}

/** What an EXIF block says that the core acts on, and what in it is personal. */
export interface ExifFacts {
  /** 1–8; 1 (or absent) means the pixels are stored upright. */
  orientation?: number;
  density?: Density;
  gps: boolean;
  /** Body or lens serial number. */
  serialNumber: boolean;
  /** Artist, camera owner, author, copyright holder. */
  names: boolean;
  /** Maker notes: the camera maker's private data, often with the body's serial number. */
  makerNotes: boolean;
  /** A second directory with a preview of the image as it was. */
  thumbnail: boolean;
}

const TAG = {
  imageWidth: 0x0100,
  imageLength: 0x0101,
  orientation: 0x0112,
  xResolution: 0x011a,
  yResolution: 0x011b,
  resolutionUnit: 0x0128,
  artist: 0x013b,
  copyright: 0x8298,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  xpAuthor: 0x9c9d,
  makerNote: 0x927c,
  pixelXDimension: 0xa002,
  pixelYDimension: 0xa003,
  cameraOwnerName: 0xa430,
  bodySerialNumber: 0xa431,
  lensSerialNumber: 0xa435,
} as const;

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8 };
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the entry's 12 bytes. */
  at: number;
  /** Offset of its value: inside the entry when it fits in four bytes. */
  valueAt: number;
}

interface Ifd {
  at: number;
  entries: Entry[];
  /** Offset of the four-byte link to the next directory. */
  nextAt: number;
}

/** A TIFF structure (what EXIF is), read safely: every offset is checked, loops are cut. */
class Tiff {
  readonly data: DataView;
  readonly little: boolean;

  constructor(readonly bytes: Uint8Array) {
    this.data = view(bytes);
    this.little = bytes[0] === 0x49;
  }

  static open(bytes: Uint8Array): Tiff | undefined {
    const littleEndian = hasAscii(bytes, 0, "II*\0");
    if (!littleEndian && !hasAscii(bytes, 0, "MM\0*")) return undefined;
    return new Tiff(bytes);
  }

  u16(at: number): number {
    return this.data.getUint16(at, this.little);
  }

  u32(at: number): number {
    return this.data.getUint32(at, this.little);
  }

  ifd(at: number): Ifd | undefined {
    if (at < 8 || at + 2 > this.bytes.length) return undefined;
    const count = this.u16(at);
    const nextAt = at + 2 + 12 * count;
    if (nextAt + 4 > this.bytes.length) return undefined;
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const entryAt = at + 2 + 12 * i;
      const type = this.u16(entryAt + 2);
      const entryCount = this.u32(entryAt + 4);
      const size = (TYPE_SIZES[type] ?? 1) * entryCount;
      const valueAt = size <= 4 ? entryAt + 8 : this.u32(entryAt + 8);
      entries.push({ tag: this.u16(entryAt), type, count: entryCount, at: entryAt, valueAt });
    }
    return { at, entries, nextAt };
  }

  first(): Ifd | undefined {
    return this.ifd(this.u32(4));
  }

  /** A directory a pointer tag in `ifd` points to. */
  sub(ifd: Ifd, tag: number): Ifd | undefined {
    const entry = find(ifd, tag);
    return entry && entry.type === LONG ? this.ifd(this.u32(entry.valueAt)) : undefined;
  }

  integer(entry: Entry | undefined): number | undefined {
    if (entry === undefined || entry.count < 1) return undefined;
    if (entry.type === SHORT) return this.u16(entry.valueAt);
    if (entry.type === LONG) return this.u32(entry.valueAt);
    return undefined;
  }

  rational(entry: Entry | undefined): number | undefined {
    if (entry?.type !== RATIONAL || entry.valueAt + 8 > this.bytes.length) return undefined;
    const denominator = this.u32(entry.valueAt + 4);
    return denominator === 0 ? undefined : this.u32(entry.valueAt) / denominator;
  }

  setInteger(entry: Entry | undefined, value: number): void {
    if (entry === undefined) return;
    if (entry.type === SHORT && value <= 0xffff) this.data.setUint16(entry.valueAt, value, this.little);
    if (entry.type === LONG) this.data.setUint32(entry.valueAt, value, this.little);
  }
}

/** Width and height from a TIFF file's first directory. */
export function readTiffSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const tiff = Tiff.open(bytes);
  const ifd0 = tiff?.first();
  const width = ifd0 && tiff?.integer(find(ifd0, TAG.imageWidth));
  const height = ifd0 && tiff?.integer(find(ifd0, TAG.imageLength));
  return width === undefined || height === undefined ? undefined : { width, height };
}

function find(ifd: Ifd, tag: number): Entry | undefined {
  return ifd.entries.find((entry) => entry.tag === tag);
}

function has(ifd: Ifd | undefined, ...tags: number[]): boolean {
  return ifd !== undefined && tags.some((tag) => find(ifd, tag) !== undefined);
}

/** What `exif` (a TIFF structure, without JPEG's "Exif\0\0" prefix) says; `undefined` when it is not one. */
export function readExif(exif: Uint8Array): ExifFacts | undefined {
  const tiff = Tiff.open(exif);
  const ifd0 = tiff?.first();
  if (tiff === undefined || ifd0 === undefined) return undefined;
  const exifIfd = tiff.sub(ifd0, TAG.exifIfd);
  const gpsIfd = tiff.sub(ifd0, TAG.gpsIfd);
  const orientation = tiff.integer(find(ifd0, TAG.orientation));
  return {
    ...(orientation === undefined ? {} : { orientation }),
    ...densityOf(tiff, ifd0),
    gps: gpsIfd !== undefined && gpsIfd.entries.length > 0,
    serialNumber: has(exifIfd, TAG.bodySerialNumber, TAG.lensSerialNumber),
    names: has(ifd0, TAG.artist, TAG.copyright, TAG.xpAuthor) || has(exifIfd, TAG.cameraOwnerName),
    makerNotes: has(exifIfd, TAG.makerNote),
    thumbnail: ifd0.nextAt + 4 <= exif.length && tiff.u32(ifd0.nextAt) !== 0,
  };
}

function densityOf(tiff: Tiff, ifd0: Ifd): { density?: Density } {
  const x = tiff.rational(find(ifd0, TAG.xResolution));
  const y = tiff.rational(find(ifd0, TAG.yResolution));
  // ResolutionUnit: 1 none (an aspect ratio), 2 inch (the default), 3 centimetre.
  const unit = tiff.integer(find(ifd0, TAG.resolutionUnit)) ?? 2;
  if (x === undefined || y === undefined || x <= 0 || y <= 0 || (unit !== 2 && unit !== 3)) return {};
  const perInch = unit === 3 ? 2.54 : 1;
  return { density: { x: x * perInch, y: y * perInch } };
}

/**
 * A copy of `exif` describing the image it now goes with: Orientation set to `orientation` (1 once pixels are
 * upright), the pixel dimensions updated, and the thumbnail directory unlinked (it shows the image as it was).
 * Values are patched in place, so every other tag — maker notes included — keeps its offsets.
 */
export function adaptExif(
  exif: Uint8Array,
  update: { orientation: number; width: number; height: number },
): Uint8Array {
  const copy = exif.slice();
  const tiff = Tiff.open(copy);
  const ifd0 = tiff?.first();
  if (tiff === undefined || ifd0 === undefined) return copy;
  tiff.setInteger(find(ifd0, TAG.orientation), update.orientation);
  const exifIfd = tiff.sub(ifd0, TAG.exifIfd);
  if (exifIfd !== undefined) {
    tiff.setInteger(find(exifIfd, TAG.pixelXDimension), update.width);
    tiff.setInteger(find(exifIfd, TAG.pixelYDimension), update.height);
  }
  tiff.data.setUint32(ifd0.nextAt, 0, tiff.little);
  return copy;
}

/** A minimal EXIF block saying only an orientation and/or a density (for formats that keep density in EXIF). */
export function minimalExif(facts: { orientation?: number; density?: Density }): Uint8Array {
  const entries: Array<[number, number, number]> = []; // tag, type, value (inline) or rational index
  if (facts.orientation !== undefined) entries.push([TAG.orientation, SHORT, facts.orientation]);
  const rationals: Array<[number, number]> = [];
  if (facts.density !== undefined) {
    rationals.push(toRational(facts.density.x), toRational(facts.density.y));
    entries.push([TAG.xResolution, RATIONAL, 0], [TAG.yResolution, RATIONAL, 1], [TAG.resolutionUnit, SHORT, 2]);
  }
  const ifdSize = 2 + 12 * entries.length + 4;
  const bytes = new Uint8Array(8 + ifdSize + 8 * rationals.length);
  const out = view(bytes);
  bytes.set([0x4d, 0x4d, 0x00, 0x2a], 0);
  out.setUint32(4, 8);
  out.setUint16(8, entries.length);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + 12 * i;
    out.setUint16(at, tag);
    out.setUint16(at + 2, type);
    out.setUint32(at + 4, 1);
    if (type === RATIONAL) out.setUint32(at + 8, 8 + ifdSize + 8 * value);
    else out.setUint16(at + 8, value);
  });
  rationals.forEach(([numerator, denominator], i) => {
    out.setUint32(8 + ifdSize + 8 * i, numerator);
    out.setUint32(8 + ifdSize + 8 * i + 4, denominator);
  });
  return bytes;
}

function toRational(value: number): [number, number] {
  return Number.isInteger(value) ? [value, 1] : [Math.round(value * 1000), 1000];
}
