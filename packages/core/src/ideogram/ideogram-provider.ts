import type { DownloadedImage } from "../http/download-image.js";
import { checkScale } from "../image/check-upscale-input.js";
import type { ProviderCapabilities, UpscaleProvider } from "../jobs/provider.js";
import { UpscaleError } from "../outcome/errors.js";
import {
  IDEOGRAM_MAX_IMAGE_BYTES,
  IDEOGRAM_MAX_IN_FLIGHT,
  IDEOGRAM_MAX_INPUT_PIXELS,
} from "../vendor-facts/ideogram.js";
import type { IdeogramClient } from "./ideogram-client.js";
import type { IdeogramUpscaleRequest } from "./ideogram-schemas.js";

/** Ideogram upscales 2× only, takes at most 10 in flight per organisation (its docs), and charges per call. */
export const IDEOGRAM_CAPABILITIES: ProviderCapabilities = {
  scales: [2],
  nominalScale: 2,
  maxInFlight: IDEOGRAM_MAX_IN_FLIGHT,
  inputTypes: ["image/png", "image/jpeg", "image/webp"],
  maxInputBytes: IDEOGRAM_MAX_IMAGE_BYTES,
  maxInputPixels: IDEOGRAM_MAX_INPUT_PIXELS,
  charges: true,
};

/** What an Ideogram result keeps from the vendor's answer: the seed repeats the same upscale. */
export type IdeogramMeta = {
  seed: number | undefined;
  prompt: string | undefined;
  resolution: string | undefined;
  upscaledResolution: string | undefined;
};

export interface IdeogramProviderOptions {
  /** Also downloads the result, with its own transport, clock and retries. */
  client: IdeogramClient;
  /** Prompt, resemblance, detail, seed… sent with every image. */
  request?: IdeogramUpscaleRequest;
}

/**
 * The upscale succeeded and was paid for, but its result could not be downloaded. The signed link is kept out
 * of the message (whoever has it can fetch the image) and kept here, to download it again while it is valid.
 */
export class IdeogramDownloadError extends UpscaleError {
  override name = "IdeogramDownloadError";
  /** The signed, short-lived result link. */
  declare readonly resultUrl: string;
  /** The upscale's seed, to repeat it with the same result if the link has expired. */
  readonly seed: number | undefined;

  constructor(cause: UpscaleError, resultUrl: string, seed: number | undefined) {
    const repeat = seed === undefined ? "" : ` (with seed ${seed} for the same result)`;
    super(
      cause.code,
      `Ideogram upscaled the image and charged for it, but the result was not downloaded: ${cause.message} ` +
        "The result link shown with this error is short-lived: download it now, or upscale again" +
        `${repeat}, which is charged again.`,
      { cause, retryAfter: cause.retryAfter, charged: "yes", resultUrl },
    );
    this.seed = seed;
  }
}

/**
 * Upscales an image file with Ideogram: one synchronous call, then the result is downloaded from its signed,
 * short-lived link. The download carries no credentials: the image host must never see the API key.
 */
export function createIdeogramProvider(options: IdeogramProviderOptions): UpscaleProvider<IdeogramMeta> {
  const { client, request } = options;
  return {
    id: "ideogram",
    capabilities: IDEOGRAM_CAPABILITIES,
    async upscale(source, { signal, onProgress, scale }) {
      checkScale("ideogram", IDEOGRAM_CAPABILITIES, scale);
      // Ideogram answers only when the upscale is done, so the whole call is the processing stage. The client
      // stops at once on a cancel, and says whether the upscale may already have been charged.
      onProgress?.({ stage: "processing" });
      const { image } = await client.upscale(source.bytes, request, { signal });
      onProgress?.({ stage: "downloading" });
      let downloaded: DownloadedImage;
      try {
        downloaded = await client.download(image.url, { signal });
      } catch (error) {
        throw error instanceof UpscaleError ? new IdeogramDownloadError(error, image.url, image.seed) : error;
      }
      return {
        ...downloaded,
        provider: "ideogram",
        meta: {
          seed: image.seed,
          prompt: image.prompt,
          resolution: image.resolution,
          upscaledResolution: image.upscaled_resolution,
        },
      };
    },
  };
}
