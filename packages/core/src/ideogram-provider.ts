import { downloadImage } from "./download-image.js";
import { InputError, UpscaleError } from "./errors.js";
import type { IdeogramClient } from "./ideogram-client.js";
import type { IdeogramUpscaleRequest } from "./ideogram-schemas.js";
import type { UpscaleProvider } from "./provider.js";
import { raceAbort } from "./race-abort.js";
import type { HttpTransport } from "./transport.js";

export interface IdeogramProviderOptions {
  client: IdeogramClient;
  /** Prompt, resemblance, detail, seed… sent with every image. */
  request?: IdeogramUpscaleRequest;
  /** For downloading the result from Ideogram's image host; defaults to the global fetch. */
  transport?: HttpTransport;
}

/**
 * Upscales an image file with Ideogram: one synchronous call, then the result is downloaded from its signed,
 * short-lived link. The download carries no credentials: the image host must never see the API key.
 */
export function createIdeogramProvider(options: IdeogramProviderOptions): UpscaleProvider {
  const { client, request, transport } = options;
  return {
    id: "ideogram",
    accepts: ["bytes"],
    async upscale(source, { signal, onProgress }) {
      if (!("bytes" in source)) {
        throw new InputError("INVALID_REQUEST", "The ideogram provider upscales image files: pass the image's bytes.");
      }
      // Ideogram answers only when the upscale is done, so the whole call is the processing stage.
      onProgress?.({ stage: "processing" });
      const response = await raceAbort(client.upscale(source.bytes, request, { signal }), signal);
      const image = response.data.find((candidate) => candidate.is_image_safe && candidate.url);
      if (!image?.url) {
        throw new UpscaleError(
          "UNSAFE_CONTENT",
          "Ideogram returned no image that passed its safety check: try a different image or prompt.",
        );
      }
      onProgress?.({ stage: "downloading" });
      const downloaded = await raceAbort(downloadImage(image.url, { transport, signal }), signal);
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
