export * from "./config.js";
export * from "./limit-store.js";
export * from "./redis-limit-store.js";
export * from "./relay-app.js";
export type { HostResolver } from "./upstream-guard.js";
