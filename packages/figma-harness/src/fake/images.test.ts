import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeSolidPng, makeTestImage } from "../test-images.js";
import { createFigmaFake } from "./create-figma-fake.js";

describe("createImage: what Figma accepts", () => {
  it("takes PNG, JPEG and GIF, hashed by SHA-1 of the bytes, measured by sharp", async () => {
    const { figma } = createFigmaFake();
    for (const format of ["png", "jpeg", "gif"] as const) {
      const bytes = await makeTestImage(30, 20, format);
      const image = figma.createImage(bytes);
      expect(image.hash).toBe(createHash("sha1").update(bytes).digest("hex"));
      expect(await image.getSizeAsync()).toEqual({ width: 30, height: 20 });
      expect(Array.from(await image.getBytesAsync())).toEqual(Array.from(bytes));
    }
  });

  it("refuses WebP and garbage with Figma's message", async () => {
    const { figma } = createFigmaFake();
    expect(() => figma.createImage(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(
      "in createImage: Image type is unsupported",
    );
    const webp = await makeTestImage(8, 8, "webp");
    expect(() => figma.createImage(webp)).toThrow("in createImage: Image type is unsupported");
    expect(() => figma.createImage("png" as unknown as Uint8Array)).toThrow("Expected Uint8Array");
  });

  it("takes 4096 px per side and refuses 4097 as too large", async () => {
    const { figma } = createFigmaFake();
    expect(figma.createImage(await makeSolidPng(4096, 16)).hash).toMatch(/^[0-9a-f]{40}$/);
    const tallPng = await makeSolidPng(16, 4097);
    const wideJpeg = await makeTestImage(4097, 2, "jpeg");
    expect(() => figma.createImage(tallPng)).toThrow("in createImage: Image is too large");
    expect(() => figma.createImage(wideJpeg)).toThrow("in createImage: Image is too large");
  });

  it("gives the same hash, and one stored image, for the same bytes", async () => {
    const fake = createFigmaFake();
    const bytes = await makeTestImage(4, 4);
    expect(fake.figma.createImage(bytes).hash).toBe(fake.figma.createImage(Uint8Array.from(bytes)).hash);
    expect(fake.images()).toHaveLength(1);
  });

  it("records bytes whose header is valid but whose body does not decode", async () => {
    const fake = createFigmaFake({ violations: "record" });
    const bytes = await makeTestImage(64, 64);
    fake.figma.createImage(bytes.subarray(0, 60));
    await fake.settled();
    expect(fake.violations.map((violation) => violation.rule)).toEqual(["image-undecodable"]);
  });
});

describe("getImageByHash", () => {
  it("returns null for an unknown hash and for one made to vanish", async () => {
    const fake = createFigmaFake();
    const hash = fake.addImage(await makeTestImage(4, 4));
    expect(fake.figma.getImageByHash(hash)?.hash).toBe(hash);
    expect(fake.figma.getImageByHash("0".repeat(40))).toBeNull();
    fake.forgetImage(hash);
    expect(fake.figma.getImageByHash(hash)).toBeNull();
  });

  it("tells tests the format, size and alpha of an image", async () => {
    const fake = createFigmaFake();
    const hash = fake.addImage(await makeTestImage(12, 7));
    expect(await fake.imageDetails(hash)).toMatchObject({ format: "png", width: 12, height: 7, hasAlpha: true });
  });
});
