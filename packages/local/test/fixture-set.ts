import { crc32, deflateSync } from "node:zlib";
import { GPS, logo, phonePhoto, stockPhoto, storedPicture, ultraHdrPhoto } from "./real-world-images.js";
import { detailedPicture, toSharp } from "./synthetic-image.js";

/**
 * Issue 15's "Done when" fixture set, made here with sharp and exiftool (nothing downloaded): the images users
 * bring, and the ones that must be refused before anything is uploaded, as one mixed folder.
 */

export interface Fixture {
  name: string;
  bytes: Uint8Array;
}

/** What a Samsung camera stores after the JPEG's end (its "SEFH…SEFT" block). */
const SAMSUNG_TRAILER = Buffer.concat([Buffer.from("SEFH"), Buffer.alloc(400, 0x2a), Buffer.from("SEFT")]);

/** More than Ideogram v1's 10 MB: a Motion Photo's video that only the original carries. */
const LONG_VIDEO = Buffer.alloc(10.5 * 1024 * 1024, 0x11);

/** Valid images of every kind the findings name, each a file a user would pick. */
export async function validFixtures(): Promise<Fixture[]> {
  const picture = () => toSharp(detailedPicture(48, 32));
  const phone = await toSharp(storedPicture())
    .jpeg({ quality: 92 })
    .withExif({
      IFD0: { Make: "Phone Maker", Model: "P1", Artist: "Jane Doe" },
      IFD2: { BodySerialNumber: "SN-123456" },
      IFD3: GPS,
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const fixtures: Array<[string, Uint8Array | Buffer]> = [
    ["phone.jpg", Buffer.concat([phone, SAMSUNG_TRAILER])],
    ["motion.jpg", Buffer.concat([await phonePhoto(), LONG_VIDEO])],
    ["stock.jpg", await stockPhoto()],
    ["print.png", await picture().png().withDensity(300).toBuffer()],
    ["print.jpg", await picture().jpeg({ quality: 85 }).withDensity(300).toBuffer()],
    ["text.webp", await picture().webp({ lossless: true }).toBuffer()],
    ["screenshot.jpg", await picture().jpeg({ quality: 90, chromaSubsampling: "4:4:4" }).toBuffer()],
    ["logo.png", await toSharp(logo(40)).png().toBuffer()],
    ["hdr.jpg", await ultraHdrPhoto()],
    ["scan.tiff", await picture().tiff().toBuffer()],
    ["photo.avif", await picture().avif().toBuffer()],
    ["still.gif", await picture().gif().toBuffer()],
    // Named like a result, made by a designer: an image like any other.
    ["icon@2x.png", await toSharp(detailedPicture(24, 24)).png().toBuffer()],
  ];
  return fixtures.map(([name, bytes]) => ({ name, bytes: new Uint8Array(bytes) }));
}

function chunk(type: string, data: Uint8Array = new Uint8Array()): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(width: number, height: number, bitDepth: number, chunks: (header: Buffer) => Buffer[]): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, bitDepth === 1 ? 0 : 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, ...chunks(header), chunk("IEND")]));
}

/** A 12000×12000 black-and-white PNG of about 20 KB: 144 megapixels once decoded. */
function decompressionBomb(): Uint8Array {
  const side = 12_000;
  const rows = Buffer.alloc(side * (1 + side / 8));
  return png(side, side, 1, (header) => [chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 }))]);
}

/** Inputs that must be refused before anything is uploaded, each with what the refusal must say. */
export async function refusedFixtures(): Promise<Array<Fixture & { code: string; says: RegExp }>> {
  const valid = new Uint8Array(await toSharp(detailedPicture(16, 12)).png().toBuffer());
  const jpeg = new Uint8Array(await toSharp(detailedPicture(48, 32)).jpeg().toBuffer());
  const badCrc = valid.slice();
  const idat = Buffer.from(badCrc).indexOf("IDAT");
  badCrc[idat + 6] = (badCrc[idat + 6] as number) ^ 0xff;
  const rgb = deflateSync(Buffer.alloc(12 * (1 + 16 * 3)));
  const noImageData = png(16, 12, 8, (header) => [chunk("IHDR", header)]);
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(2, 0);
  // acTL and no fcTL before IDAT: the still image is not a frame of the animation viewers play.
  const hiddenStill = png(16, 12, 8, (header) => [chunk("IHDR", header), chunk("acTL", actl), chunk("IDAT", rgb)]);
  return [
    { name: "empty.png", bytes: new Uint8Array(), code: "UNSUPPORTED_IMAGE", says: /empty \(0 bytes\)/ },
    {
      name: "cut-short.jpg",
      bytes: jpeg.subarray(0, Math.floor(jpeg.length * 0.7)),
      code: "UNSUPPORTED_IMAGE",
      says: /This JPEG image is cut short .* Export or download it again/,
    },
    {
      name: "bad-crc.png",
      bytes: badCrc,
      code: "UNSUPPORTED_IMAGE",
      says: /This PNG image is damaged \(the IDAT chunk's checksum is wrong\)/,
    },
    {
      name: "no-idat.png",
      bytes: noImageData,
      code: "UNSUPPORTED_IMAGE",
      says: /This PNG image is damaged \(it has no image data/,
    },
    {
      name: "bomb.png",
      bytes: decompressionBomb(),
      code: "IMAGE_TOO_LARGE",
      says: /12000×12000 \(144 MP\); .* at most/,
    },
    {
      name: "animated.png",
      bytes: hiddenStill,
      code: "UNSUPPORTED_IMAGE",
      says: /This PNG is animated: viewers show its animation, and its still image is not part of it/,
    },
  ];
}
