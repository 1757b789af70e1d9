import type { IncomingMessage } from "node:http";
import { GPTUNNEL_AUTH, type HeaderAuth, IDEOGRAM_AUTH } from "@upscale/core/vendor-facts";

export interface FakeKeys {
  gptunnel: string;
  ideogram: string;
}

export const DEFAULT_KEYS: FakeKeys = { gptunnel: "fake-gptunnel-key", ideogram: "fake-ideogram-key" };

/** How each API expects its key; the fake accepts exactly that and nothing else, to catch client mix-ups. */
export type AuthStyle = "gptunnel" | "ideogram-official" | "ideogram-relay";

const AUTH: Record<AuthStyle, HeaderAuth> = {
  gptunnel: GPTUNNEL_AUTH,
  "ideogram-official": IDEOGRAM_AUTH.official,
  "ideogram-relay": IDEOGRAM_AUTH.relay,
};

export function isAuthorized(req: IncomingMessage, style: AuthStyle, keys: FakeKeys): boolean {
  const { header, prefix } = AUTH[style];
  return req.headers[header] === `${prefix}${style === "gptunnel" ? keys.gptunnel : keys.ideogram}`;
}

export function hasAuthHeader(req: IncomingMessage): boolean {
  return Object.values(AUTH).some(({ header }) => req.headers[header] !== undefined);
}

/** True when the request carries an API key in any form: an auth header, or an accepted key in any header or the URL. */
export function carriesKey(req: IncomingMessage, keys: FakeKeys): boolean {
  if (hasAuthHeader(req) || req.headers["x-api-key"] !== undefined) return true;
  const places = [decodeSafely(req.url ?? ""), ...req.rawHeaders.filter((_, i) => i % 2 === 1)];
  return places.some((text) => text.includes(keys.gptunnel) || text.includes(keys.ideogram));
}

function decodeSafely(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
