import { describe, expect, it } from "vitest";
import { decode, detailedPicture, psnr, toSharp } from "../test/synthetic-image.js";
import { createLocalProvider } from "./local-provider.js";
import type { LocalScale } from "./scale.js";

// 240 divides by 2, 3 and 4, so every round trip returns to exactly the original size.
const SIZE = 240;

describe("upscale quality (downscale, then upscale back; PSNR against the original)", () => {
  const original = detailedPicture(SIZE, SIZE);
  const provider = createLocalProvider();

  it.each<LocalScale>([2, 3, 4])("beats a plain sharp resize at %i×", async (scale) => {
    const small = await toSharp(original)
      .resize(SIZE / scale, SIZE / scale)
      .png()
      .toBuffer();

    const ours = await decode((await provider.upscale({ bytes: small }, { scale })).bytes);
    const plain = await decode(
      await toSharp(await decode(small))
        .resize(SIZE, SIZE)
        .png()
        .toBuffer(),
    );

    expect(ours).toMatchObject({ width: SIZE, height: SIZE, channels: 3 });
    const [oursDb, plainDb] = [psnr(original, ours), psnr(original, plain)];
    console.info(`${scale}×: local provider ${oursDb.toFixed(2)} dB, plain resize ${plainDb.toFixed(2)} dB`);
    expect(oursDb).toBeGreaterThan(plainDb);
  });
});
