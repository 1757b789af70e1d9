import type { UpscaleProvider } from "../jobs/provider.js";
import type { TaskLedger } from "../jobs/task-ledger.js";
import { InputError } from "../outcome/errors.js";
import type { Clock } from "../runtime/clock.js";
import {
  IDEOGRAM_V2_DEFAULT_MODEL,
  IDEOGRAM_V2_MODEL_IDS,
  type IdeogramV2Model,
  isIdeogramV2Model,
} from "../vendor-facts/ideogram-v2.js";
import { createIdeogramClient } from "./ideogram-client.js";
import type { IdeogramClientOptions } from "./ideogram-connection.js";
import type { IdeogramV2Meta } from "./ideogram-generation.js";
import { createIdeogramProvider, type IdeogramMeta } from "./ideogram-provider.js";
import type { IdeogramUpscaleRequest } from "./ideogram-schemas.js";
import { createIdeogramV2Client } from "./ideogram-v2-client.js";
import { createIdeogramV2Provider } from "./ideogram-v2-provider.js";
import type { IdeogramV2UpscaleRequest } from "./ideogram-v2-request.js";

/** `legacy` is Ideogram's v1 `POST /upscale` (×2, `image_file` + `image_request`), which relays still expose. */
export const IDEOGRAM_LEGACY_MODEL = "legacy";
/** Every model an app can offer, the v2 ones first; `auto` is the default. */
export const IDEOGRAM_MODELS = [...IDEOGRAM_V2_MODEL_IDS, IDEOGRAM_LEGACY_MODEL] as const;
/** One of `IDEOGRAM_MODELS`: a v2 model or `legacy`. */
export type IdeogramModel = IdeogramV2Model | typeof IDEOGRAM_LEGACY_MODEL;

export interface IdeogramModelProviderOptions {
  /** Key, base URL, auth style (`Api-Key` or relay `Bearer`), transport… shared by both APIs. */
  client: IdeogramClientOptions;
  /** The one knob: default `auto`. */
  model?: string;
  /** The v2 model's fields (factor, seed, prompt, enhancementStrength, resolutionTier). */
  request?: Omit<IdeogramV2UpscaleRequest, "model">;
  /** `legacy` only: v1's `image_request` (prompt, resemblance, detail…). */
  legacyRequest?: IdeogramUpscaleRequest;
  /** v2 only (legacy is one synchronous call, nothing to resume): generations are recorded here. */
  ledger?: TaskLedger;
  onLedgerError?: (error: unknown) => void;
  deadlineMs?: number;
  clock?: Clock;
}

/**
 * The Ideogram provider for `model`: v2 (`POST /v2/image/upscale/{model}`) for the v2 models, today's v1 provider
 * unchanged for `legacy`. Refuses an unknown model, or fields of the other API, before anything is sent. A v2
 * result's meta has a `generationId`; a legacy one's has `upscaledResolution`.
 */
export function createIdeogramModelProvider(
  options: IdeogramModelProviderOptions,
): UpscaleProvider<IdeogramMeta | IdeogramV2Meta> {
  const model = options.model ?? IDEOGRAM_V2_DEFAULT_MODEL;
  if (model === IDEOGRAM_LEGACY_MODEL) {
    if (options.request !== undefined && Object.keys(options.request).length > 0) {
      throw new InputError(
        "INVALID_REQUEST",
        `The legacy Ideogram upscale takes its own parameters (legacyRequest), not ${Object.keys(options.request).join(", ")}: ` +
          "choose a v2 model for those.",
      );
    }
    return createIdeogramProvider({ client: createIdeogramClient(options.client), request: options.legacyRequest });
  }
  if (!isIdeogramV2Model(model)) {
    throw new InputError(
      "INVALID_REQUEST",
      `Unknown Ideogram model "${model.slice(0, 40)}": choose one of ${IDEOGRAM_MODELS.join(", ")}.`,
    );
  }
  if (options.legacyRequest !== undefined) {
    throw new InputError("INVALID_REQUEST", `legacyRequest is for the legacy model only, not ${model}.`);
  }
  return createIdeogramV2Provider({
    client: createIdeogramV2Client(options.client),
    request: { ...options.request, model },
    ledger: options.ledger,
    onLedgerError: options.onLedgerError,
    deadlineMs: options.deadlineMs,
    clock: options.clock,
  });
}
