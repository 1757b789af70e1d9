import { describe, expect, it } from "vitest";
import { STOCK_XMP } from "../../test/metadata.js";
import { adaptXmp, readXmp } from "./xmp-packet.js";

const xmp = (text: string) => new Uint8Array(Buffer.from(text));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("XMP packets", () => {
  it("sees a Motion Photo and a gain map", () => {
    expect(readXmp(STOCK_XMP)).toEqual({ gainMap: false, motionPhoto: true });
    expect(readXmp(xmp('<rdf:Description hdrgm:Version="1.0"/>'))).toEqual({ gainMap: true, motionPhoto: false });
  });

  it("normalises the orientation and drops container properties in both attribute and element form", () => {
    const adapted = text(
      adaptXmp(
        xmp(
          '<rdf:Description tiff:Orientation="8" GCamera:MicroVideoOffset=\'12345\' hdrgm:Version="1.0">' +
            "<tiff:Orientation> 6 </tiff:Orientation><GCamera:MotionPhoto>1</GCamera:MotionPhoto>" +
            '<xmpNote:HasExtendedXMP rdf:resource="x"/><dc:title>Kept</dc:title></rdf:Description>',
        ),
        1,
      ),
    );
    expect(adapted).toBe(
      '<rdf:Description tiff:Orientation="1"><tiff:Orientation>1</tiff:Orientation><dc:title>Kept</dc:title></rdf:Description>',
    );
  });
});
