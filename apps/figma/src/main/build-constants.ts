/**
 * Values the build writes into the bundle (esbuild `define`): the team's relay, when built with RELAY_URL, is
 * the default base URL of both vendors. Without it the defaults are the vendors' own addresses.
 */
declare const __RELAY_URL__: string;

export const RELAY_URL: string = typeof __RELAY_URL__ === "string" ? __RELAY_URL__ : "";
