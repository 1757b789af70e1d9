export { GRID_SIZE, quadrantOrigin } from "./grid-image.js";
export { DEFAULT_KEYS, type FakeKeys } from "./keys.js";
export { type MidjourneyTaskObject, NEVER_FINISH_PERCENT } from "./midjourney-task.js";
export {
  DEFAULT_IMAGE_TTL_MS,
  DEFAULT_INFLIGHT_LIMIT,
  DEFAULT_RUNNING_STATUS,
  DEFAULT_TASK_DURATION_MS,
  type Endpoint,
  type Fault,
  type FaultKind,
  type FaultRule,
  type Scenario,
} from "./scenario.js";
export { seededRandom } from "./seeded-random.js";
export { type FakeApis, type FakeApisOptions, startFakeApis } from "./start-fake-apis.js";
export { FakeStats, type RequestLogEntry } from "./stats.js";
export { vendorExamples } from "./vendor-examples.js";
