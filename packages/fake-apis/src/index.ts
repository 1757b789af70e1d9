export { FAKE_ORG_ID, GPTUNNEL_BALANCE_PATH } from "./gptunnel-balance-route.js";
export { GRID_SIZE, quadrantOrigin } from "./grid-image.js";
export { DEFAULT_RESOLUTION_TIER } from "./ideogram-v2-form.js";
export { DEFAULT_FAILURE_REASON } from "./ideogram-v2-generations.js";
export { MAX_RENDERED_PIXELS, MIN_BILLED_MEGAPIXELS, PRICE_PER_MEGAPIXEL } from "./ideogram-v2-pricing.js";
export { DEFAULT_KEYS, type FakeKeys } from "./keys.js";
export { type MidjourneyTaskObject, NEVER_FINISH_PERCENT } from "./midjourney-task.js";
export { exifTags, PERSONAL_TAGS, phonePhoto, redCorners } from "./phone-photo.js";
export {
  DEFAULT_ACCOUNT,
  DEFAULT_GENERATION_MS,
  DEFAULT_IMAGE_TTL_MS,
  DEFAULT_INFLIGHT_LIMIT,
  DEFAULT_RUNNING_STATUS,
  DEFAULT_TASK_DURATION_MS,
  DEFAULT_UPSCALER,
  type Endpoint,
  type Fault,
  type FaultKind,
  type FaultRule,
  type Scenario,
  type UpscalerMode,
} from "./scenario.js";
export { seededRandom } from "./seeded-random.js";
export { type FakeApis, type FakeApisOptions, startFakeApis } from "./start-fake-apis.js";
export { type BilledGeneration, FakeStats, type RequestLogEntry, type Upload } from "./stats.js";
export { vendorExamples } from "./vendor-examples.js";
