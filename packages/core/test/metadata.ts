import { cameraExif } from "./exif.js";

export function segment(marker: number, ...parts: Array<Uint8Array | string | number[]>): Uint8Array {
  const data = Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))),
  );
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return new Uint8Array(Buffer.concat([head, data]));
}

/** `jpeg` with `segments` inserted right after its SOI marker, and `trailer` after its end. */
export function jpegWith(jpeg: Uint8Array, segments: Uint8Array[], trailer: Uint8Array = new Uint8Array()): Uint8Array {
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2), trailer]));
}

/** IPTC-IIM: record 2 datasets (80 By-line, 116 Copyright Notice, 110 Credit). */
export function iptcRecords(entries: Array<[number, string]>): Uint8Array {
  return new Uint8Array(
    Buffer.concat(
      entries.map(([dataset, text]) => {
        const head = Buffer.from([0x1c, 2, dataset, 0, 0]);
        head.writeUInt16BE(Buffer.byteLength(text), 3);
        return Buffer.concat([head, Buffer.from(text)]);
      }),
    ),
  );
}

/** Photoshop resources holding IPTC (0x0404) and a thumbnail (0x040C), as stock photos carry them. */
export function photoshopResources(iptc: Uint8Array): Uint8Array {
  const resource = (id: number, data: Uint8Array) => {
    const head = Buffer.alloc(12);
    head.write("8BIM", 0, "latin1");
    head.writeUInt16BE(id, 4);
    head.writeUInt32BE(data.length, 8);
    return Buffer.concat([head, Buffer.from(data), Buffer.alloc(data.length % 2)]);
  };
  return new Uint8Array(Buffer.concat([resource(0x0404, iptc), resource(0x040c, new Uint8Array(33))]));
}

export const STOCK_XMP = Buffer.from(
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" ' +
    'tiff:Orientation="6" GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1">' +
    "<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>" +
    '<Container:Directory><rdf:Seq><rdf:li rdf:parseType="Resource"/></rdf:Seq></Container:Directory>' +
    "</rdf:Description></rdf:RDF></x:xmpmeta>",
);

/** A stand-in ICC profile: 128 header bytes with the colour space at 16 ("RGB ", "GRAY"…), then a body. */
export function iccProfile(space = "RGB "): Uint8Array {
  const profile = Buffer.alloc(400, 7);
  profile.writeUInt32BE(400, 0);
  profile.write(space, 16, "latin1");
  return new Uint8Array(profile);
}

export const IPTC = iptcRecords([
  [80, "Jane Doe"],
  [116, "© Stock Inc."],
  [110, "Stock Inc."],
]);

/** A phone's or stock photo's metadata on a real JPEG without a JFIF segment of its own: JFIF 300 dpi, EXIF, XMP, Photoshop/IPTC, a profile, a comment. */
export function richJpeg(base: Uint8Array, trailer: Uint8Array = new Uint8Array()): Uint8Array {
  const jfif = segment(0xe0, "JFIF\0", [1, 1, 1, 0x01, 0x2c, 0x01, 0x2c, 0, 0]);
  return jpegWith(
    base,
    [
      jfif,
      segment(0xe1, "Exif\0\0", cameraExif(6)),
      segment(0xe1, "http://ns.adobe.com/xap/1.0/\0", STOCK_XMP),
      segment(0xed, "Photoshop 3.0\0", photoshopResources(IPTC)),
      segment(0xe2, "ICC_PROFILE\0", [1, 1], iccProfile()),
      segment(0xfe, "made by a test"),
    ],
    trailer,
  );
}

/** A structurally complete JPEG of the given size (DQT, frame, one scan of placeholder data), never decoded. */
export function placeholderJpeg(width: number, height: number): Uint8Array {
  const frame = segment(0xc0, [
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  const dqt = segment(
    0xdb,
    [0],
    Array.from({ length: 64 }, () => 2),
  );
  const scan = segment(0xda, [1, 1, 0, 0, 63, 0]);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0xff, 0xd8]), dqt, frame, scan, Buffer.from([1, 2, 3, 0xff, 0xd9])]),
  );
}
