export { CLIENT_STORAGE_QUOTA } from "./fake/client-storage.js";
export {
  createFigmaFake,
  type FigmaFake,
  type FigmaFakeOptions,
  type ImagePaintUse,
  type NodeInit,
} from "./fake/create-figma-fake.js";
export { type ImageDetails, MAX_IMAGE_SIDE, type StoredImage } from "./fake/image-store.js";
export { type FillsSnapshot, type PaintChange, paintChanges } from "./fake/paint-changes.js";
export type { Notification } from "./fake/plugin-session.js";
export { FigmaRuleViolation, type Violation, type ViolationPolicy } from "./fake/violations.js";
export { FILL_BEARING_TYPES } from "./fill-bearing-types.js";
export { decodeFromBridge, encodeForBridge } from "./harness/bridge-codec.js";
export { buildDemoCanvas, type DemoCanvas } from "./harness/demo-canvas.js";
export { type DevHarnessOptions, startDevHarness } from "./harness/dev-harness.js";
export type { FigmaTheme } from "./harness/figma-theme.js";
export { type Harness, type StartHarnessOptions, startHarness } from "./harness/harness-server.js";
export {
  type BrowserLog,
  CHROMIUM_PATH,
  type HarnessPage,
  launchChromium,
  type OpenHarnessPageOptions,
  openHarnessPage,
} from "./harness/open-harness-page.js";
export { type ManifestSettings, readManifestSettings } from "./manifest-settings.js";
export { makeSolidPng, makeTestImage } from "./test-images.js";
export { isAllowedByNetworkAccess } from "./vm/network-access.js";
export { type PluginLog, type PluginRun, type RunPluginMainOptions, runPluginMain } from "./vm/run-plugin-main.js";
