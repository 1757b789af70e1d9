/**
 * The core's vendor facts, read from its build. A package dependency on `@upscale/core` would close a cycle with
 * the core's tests (which depend on this package), and turbo refuses cycles; turbo.json builds the core first.
 */
export * from "../../core/dist/vendor-facts/gptunnel-balance.js";
export * from "../../core/dist/vendor-facts/ideogram-v2.js";
