import { checkScale } from "../image/check-upscale-input.js";
import type { ProviderCapabilities, UpscaleProvider } from "../jobs/provider.js";
import type { TaskLedger } from "../jobs/task-ledger.js";
import type { Clock } from "../runtime/clock.js";
import { IDEOGRAM_MAX_IN_FLIGHT, IDEOGRAM_MAX_INPUT_PIXELS } from "../vendor-facts/ideogram.js";
import {
  IDEOGRAM_V2_DEFAULT_FACTOR,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  IDEOGRAM_V2_MODELS,
  type IdeogramV2Factor,
} from "../vendor-facts/ideogram-v2.js";
import { type IdeogramV2Meta, upscaleWithIdeogram } from "./ideogram-generation.js";
import type { IdeogramV2Client } from "./ideogram-v2-client.js";
import { type CheckedV2Request, checkIdeogramV2Request, type IdeogramV2UpscaleRequest } from "./ideogram-v2-request.js";

/**
 * What a v2 model can do, for an app to validate input, name results and plan a batch before paying: its own
 * factors, one image per request, and at most 10 images in progress per organisation.
 */
export function ideogramV2Capabilities(request?: IdeogramV2UpscaleRequest): ProviderCapabilities {
  return capabilitiesOf(checkIdeogramV2Request(request));
}

function capabilitiesOf(request: CheckedV2Request): ProviderCapabilities {
  return {
    scales: IDEOGRAM_V2_MODELS[request.model].factors,
    // Nano Banana Pro takes no factor (its size comes from the tier): results are still named by the default.
    nominalScale: request.factor ?? IDEOGRAM_V2_DEFAULT_FACTOR,
    maxInFlight: IDEOGRAM_MAX_IN_FLIGHT,
    inputTypes: ["image/png", "image/jpeg", "image/webp"],
    maxInputBytes: IDEOGRAM_V2_MAX_IMAGE_BYTES,
    maxInputPixels: IDEOGRAM_MAX_INPUT_PIXELS,
    charges: true,
  };
}

export interface IdeogramV2ProviderOptions {
  client: IdeogramV2Client;
  /** The model (default `auto`) and its fields, checked when the provider is made. */
  request?: IdeogramV2UpscaleRequest;
  /**
   * Every generation is recorded here the moment it exists, and settled once downloaded — or, for a call with
   * `task.settleWhenKept` (the job pipeline's), once the caller has kept its result.
   */
  ledger?: TaskLedger;
  onLedgerError?: (error: unknown) => void;
  /** How long to wait for one generation; default 10 min (it is left to resume). */
  deadlineMs?: number;
  clock?: Clock;
}

/**
 * Upscales with Ideogram's v2 endpoint: an async generation, recorded, polled, downloaded at once. A call's
 * `scale` picks the factor among the model's own.
 */
export function createIdeogramV2Provider(options: IdeogramV2ProviderOptions): UpscaleProvider<IdeogramV2Meta> {
  const request = checkIdeogramV2Request(options.request);
  const capabilities = capabilitiesOf(request);
  return {
    id: "ideogram",
    capabilities,
    async upscale(source, { signal, onProgress, scale, task }) {
      checkScale("ideogram", capabilities, scale);
      const factor = (scale ?? request.factor) as IdeogramV2Factor | undefined;
      const result = await upscaleWithIdeogram(
        options.client,
        source.bytes,
        { ...request, factor },
        {
          signal,
          onProgress,
          ledger: options.ledger,
          label: task?.label,
          target: task?.target,
          settleWhenKept: task?.settleWhenKept,
          onLedgerError: options.onLedgerError,
          deadlineMs: options.deadlineMs,
          clock: options.clock,
        },
      );
      return { ...result.image, provider: "ideogram", meta: result.meta, settle: result.settle };
    },
  };
}
