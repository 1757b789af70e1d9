import { describe, expect, it } from "vitest";
import { withApngControl } from "../../test/apng.js";
import { ANIMATED_GIF_4X3, ANIMATED_WEBP_4X3, GIF_4X3, JPEG_5X4, PNG_3X2, WEBP_6X5 } from "../../test/images.js";
import { isAnimatedImage, readGifInfo, readImageInfo, sniffImageFileType, sniffImageType } from "./image-format.js";

describe("GIF and animation sniffing", () => {
  it("recognises GIF by its bytes, apart from the three upscalable types", () => {
    expect(sniffImageFileType(GIF_4X3)).toBe("image/gif");
    expect(sniffImageFileType(new TextEncoder().encode("GIF87a......"))).toBe("image/gif");
    expect(sniffImageType(GIF_4X3)).toBeUndefined();
    expect(sniffImageFileType(PNG_3X2)).toBe("image/png");
    expect(sniffImageFileType(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });

  it("reads a GIF's size and frames, and whether it runs to its trailer", () => {
    expect(readGifInfo(GIF_4X3)).toEqual({ width: 4, height: 3, frames: 1, complete: true });
    expect(readGifInfo(ANIMATED_GIF_4X3)).toEqual({ width: 4, height: 3, frames: 2, complete: true });
    expect(readGifInfo(ANIMATED_GIF_4X3.subarray(0, ANIMATED_GIF_4X3.length - 1))).toMatchObject({ complete: false });
    expect(readGifInfo(PNG_3X2)).toBeUndefined();
  });

  it("stops at a block it does not know, or a descriptor cut short", () => {
    const header = GIF_4X3.subarray(0, 13 + 6); // header, screen descriptor, 2-colour table
    const unknownBlock = Uint8Array.from([...header, 0x99]);
    expect(readGifInfo(unknownBlock)).toMatchObject({ frames: 0, complete: false });
    const cutDescriptor = Uint8Array.from([...header, 0x2c, 0, 0]);
    expect(readGifInfo(cutDescriptor)).toMatchObject({ frames: 0, complete: false });
    const zeroSize = Uint8Array.from(GIF_4X3);
    zeroSize[6] = 0;
    zeroSize[7] = 0;
    expect(readGifInfo(zeroSize)).toBeUndefined();
  });

  it("tells animated GIF, WebP and PNG from stills", () => {
    expect(isAnimatedImage(ANIMATED_GIF_4X3)).toBe(true);
    expect(isAnimatedImage(ANIMATED_WEBP_4X3)).toBe(true);
    expect(isAnimatedImage(withApngControl(PNG_3X2, 2))).toBe(true);
    expect(isAnimatedImage(withApngControl(PNG_3X2, 2, { stillIsFirstFrame: true }))).toBe(true);
    const stillAsOnlyFrame = withApngControl(PNG_3X2, 1, { stillIsFirstFrame: true });
    for (const still of [GIF_4X3, PNG_3X2, stillAsOnlyFrame, JPEG_5X4, WEBP_6X5]) {
      expect(isAnimatedImage(still)).toBe(false);
    }
    expect(isAnimatedImage(new Uint8Array(4))).toBe(false);
  });

  it("takes an APNG whose still image is not part of its animation for the animation viewers show", () => {
    // acTL, no fcTL before IDAT: APNG viewers never show the still image, even with a single frame.
    expect(isAnimatedImage(withApngControl(PNG_3X2, 1))).toBe(true);
  });

  it("still reads an animated WebP's and an APNG's size", () => {
    expect(readImageInfo(ANIMATED_WEBP_4X3)).toEqual({ mimeType: "image/webp", width: 4, height: 3 });
    expect(readImageInfo(withApngControl(PNG_3X2, 2))).toEqual({ mimeType: "image/png", width: 3, height: 2 });
  });
});
