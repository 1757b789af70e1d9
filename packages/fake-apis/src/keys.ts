import type { IncomingMessage } from "node:http";

export interface FakeKeys {
  gptunnel: string;
  ideogram: string;
}

export const DEFAULT_KEYS: FakeKeys = { gptunnel: "fake-gptunnel-key", ideogram: "fake-ideogram-key" };

/** How each API expects its key; the fake accepts exactly that and nothing else, to catch client mix-ups. */
export type AuthStyle = "gptunnel" | "ideogram-official" | "ideogram-relay";

export function isAuthorized(req: IncomingMessage, style: AuthStyle, keys: FakeKeys): boolean {
  switch (style) {
    case "gptunnel":
      // GPTunnel takes the raw key, no "Bearer" (every docs.gptunnel.ru page).
      return req.headers.authorization === keys.gptunnel;
    case "ideogram-official":
      return req.headers["api-key"] === keys.ideogram;
    case "ideogram-relay":
      return req.headers.authorization === `Bearer ${keys.ideogram}`;
  }
}

export function hasAuthHeader(req: IncomingMessage): boolean {
  return req.headers.authorization !== undefined || req.headers["api-key"] !== undefined;
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
