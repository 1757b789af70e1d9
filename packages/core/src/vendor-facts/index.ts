/**
 * Vendor facts, written once: plain constants and types, no zod and no other imports at run time, so the relay and
 * the fake APIs can load them without the rest of the core (`@upscale/core/vendor-facts`). One file per vendor API,
 * and one for the dollar amounts Ideogram quotes and bills (`usd-micros.ts`).
 */
export * from "./fact-types.js";
export * from "./gptunnel.js";
export * from "./gptunnel-balance.js";
export * from "./ideogram.js";
export * from "./ideogram-v2.js";
export * from "./usd-micros.js";
