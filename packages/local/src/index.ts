export { INTERPOLATOR } from "./centred-upscale.js";
export { LOCAL_INPUT_TYPES, READS_HEIC } from "./input-types.js";
export {
  createLocalProvider,
  LOCAL_CAPABILITIES,
  type LocalMeta,
  type LocalProviderOptions,
} from "./local-provider.js";
export { LOCAL_OUTPUT_FORMATS, type LocalOutputFormat, mimeTypeOf as localOutputType } from "./output-format.js";
export { DEFAULT_LOCAL_SCALE, LOCAL_SCALES, type LocalScale } from "./scale.js";
export { sharpCodec } from "./sharp-codec.js";
export { MAX_INPUT_PIXELS, MAX_OUTPUT_PIXELS } from "./size-limits.js";
