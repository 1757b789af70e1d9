import sharp from "sharp";
import { exiftoolWrite } from "./exiftool.js";
import { detailedPicture, type RawImage, toSharp } from "./synthetic-image.js";

/**
 * The kinds of files users bring, made here by sharp (pixels, EXIF, XMP, density, HDR) and exiftool (IPTC, which
 * sharp cannot write): nothing downloaded.
 */

/** A Motion Photo's video, as Android appends it after the JPEG (an MP4 starts with its ftyp box). */
export const MOTION_PHOTO_VIDEO = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from("ftypmp42"),
  Buffer.alloc(2000, 7),
]);

export const GPS = {
  GPSLatitudeRef: "N",
  GPSLatitude: "51/1 30/1 3230/100",
  GPSLongitudeRef: "W",
  GPSLongitude: "0/1 7/1 4366/100",
};

/** Stored 64×48 with a red block at the stored top-left; Orientation 6 shows it 48×64, the block top-right. */
export function storedPicture(): RawImage {
  const picture = detailedPicture(64, 48);
  for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) picture.data.set([255, 0, 0], (y * 64 + x) * 3);
  return picture;
}

const MOTION_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1">' +
  "<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>" +
  "</rdf:Description></rdf:RDF></x:xmpmeta>";

/** A phone photo: Orientation 6, camera, owner, serial number, GPS position, a Motion Photo's XMP and video. */
export async function phonePhoto(): Promise<Uint8Array> {
  const jpeg = await toSharp(storedPicture())
    .jpeg({ quality: 92 })
    .withExif({
      IFD0: { Make: "Phone Maker", Model: "P1", Artist: "Jane Doe" },
      IFD2: { BodySerialNumber: "SN-123456" },
      IFD3: GPS,
    })
    .withXmp(MOTION_XMP)
    .withMetadata({ orientation: 6 })
    .toBuffer();
  return new Uint8Array(Buffer.concat([jpeg, MOTION_PHOTO_VIDEO]));
}

/** A stock photo: EXIF (artist, copyright, GPS), XMP rights, IPTC creator, copyright notice and credit, 300 dpi. */
export async function stockPhoto(): Promise<Uint8Array> {
  const jpeg = await toSharp(detailedPicture(60, 40))
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Artist: "Jane Doe", Copyright: "(c) Stock Inc." }, IFD3: GPS })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Stock Inc.</rdf:li></rdf:Alt></dc:rights>' +
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
    )
    .withDensity(300)
    .toBuffer();
  return exiftoolWrite(
    new Uint8Array(jpeg),
    "-IPTC:By-line=Jane Doe",
    "-IPTC:CopyrightNotice=(c) Stock Inc.",
    "-IPTC:Credit=Stock Inc.",
  );
}

/** A transparent logo: an anti-aliased disc on nothing. */
export function logo(size = 40): RawImage {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2);
      const alpha = Math.max(0, Math.min(1, size * 0.35 - distance + 0.5));
      data.set([230, 120, 20, Math.round(alpha * 255)], (y * size + x) * 4);
    }
  }
  return { data, width: size, height: size, channels: 4 };
}

/** An Ultra HDR JPEG: sharp writes a gain map for scRGB pixels (ISO 21496-1, with MPF and XMP hdrgm). */
export async function ultraHdrPhoto(): Promise<Uint8Array> {
  return new Uint8Array(await toSharp(detailedPicture(48, 32)).toColourspace("scrgb").jpeg({ quality: 95 }).toBuffer());
}

export function gainMapOf(bytes: Uint8Array): Promise<Buffer | undefined> {
  return sharp(bytes)
    .metadata()
    .then((metadata) => metadata.gainMap?.image);
}
