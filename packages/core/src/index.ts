export * from "./errors.js";
export * from "./ideogram-schemas.js";
export * from "./image-format.js";
export * from "./midjourney-schemas.js";
export * from "./provider.js";
export * from "./provider-registry.js";
export * from "./transport.js";
export * from "./upscale.js";
