import { decodeUtf8, encodeUtf8 } from "../internal/utf8.js";

// Properties that describe data stored beside the image in the same file — a Motion Photo's video, an HDR gain
// map, extended XMP — which a result does not carry: kept, they would send viewers looking for what is not there.
const CONTAINER_PROPERTIES =
  "GCamera:(?:MotionPhoto|MotionPhotoVersion|MotionPhotoPresentationTimestampUs|MicroVideo|MicroVideoVersion|" +
  "MicroVideoOffset|MicroVideoPresentationTimestampUs)|xmpNote:HasExtendedXMP|hdrgm:[A-Za-z]+";
const CONTAINER_ATTRIBUTE = new RegExp(`\\s(?:${CONTAINER_PROPERTIES})\\s*=\\s*("[^"]*"|'[^']*')`, "g");
const CONTAINER_ELEMENT = new RegExp(
  `<(${CONTAINER_PROPERTIES}|Container:Directory)\\b[^>]*?(?:/>|>[\\s\\S]*?</\\1\\s*>)`,
  "g",
);
const ORIENTATION_ATTRIBUTE = /(tiff:Orientation\s*=\s*["'])\s*\d\s*(["'])/g;
const ORIENTATION_ELEMENT = /(<tiff:Orientation>)\s*\d\s*(<\/tiff:Orientation>)/g;

export interface XmpFacts {
  /** The packet describes an HDR gain map stored with the image (Ultra HDR, Adobe's hdrgm). */
  gainMap: boolean;
  /** The packet describes a Motion Photo's video appended to the image. */
  motionPhoto: boolean;
}

export function readXmp(xmp: Uint8Array): XmpFacts {
  const text = decodeUtf8(xmp);
  return {
    gainMap: /hdrgm:|ns\.adobe\.com\/hdr-gain-map/.test(text),
    motionPhoto: /GCamera:M(?:otionPhoto|icroVideo)\b/.test(text),
  };
}

/** The packet for a result: orientation set to `orientation`, and properties of data the result lacks removed. */
export function adaptXmp(xmp: Uint8Array, orientation: number): Uint8Array {
  const text = decodeUtf8(xmp)
    .replace(CONTAINER_ELEMENT, "")
    .replace(CONTAINER_ATTRIBUTE, "")
    .replace(ORIENTATION_ATTRIBUTE, (_, start: string, end: string) => `${start}${orientation}${end}`)
    .replace(ORIENTATION_ELEMENT, (_, start: string, end: string) => `${start}${orientation}${end}`);
  return encodeUtf8(text);
}
