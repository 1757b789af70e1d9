export { CLIENT_STORAGE_QUOTA } from "./fake/client-storage.js";
export {
  createFigmaFake,
  type FigmaFake,
  type FigmaFakeOptions,
  type ImagePaintUse,
  type NodeInit,
} from "./fake/create-figma-fake.js";
export { type ImageDetails, MAX_IMAGE_SIDE, type StoredImage } from "./fake/image-store.js";
export type { Notification } from "./fake/plugin-session.js";
export { FigmaRuleViolation, type Violation, type ViolationPolicy } from "./fake/violations.js";
export { isAllowedByNetworkAccess } from "./vm/network-access.js";
export { type PluginLog, type PluginRun, type RunPluginMainOptions, runPluginMain } from "./vm/run-plugin-main.js";
