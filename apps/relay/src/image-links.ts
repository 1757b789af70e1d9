import * as z from "zod";
import type { Vendor } from "./vendor-errors.js";

/**
 * Short-lived, HMAC-signed `/images/<token>` links. The token carries the vendor's link, which vendor it came
 * from and when it expires, signed with the relay's secret: the relay fetches only links it handed out itself,
 * so `/images/` can never be pointed at an address of the caller's choosing.
 */
export interface ImageLinkSigner {
  sign(target: string, vendor: Vendor): Promise<string>;
  verify(token: string): Promise<ImageLinkCheck>;
}

export type ImageLinkCheck =
  | { ok: true; target: string; vendor: Vendor }
  | { ok: false; reason: "invalid" | "expired" };

const payloadSchema = z.object({
  u: z.string(),
  v: z.enum(["gptunnel", "ideogram"]),
  e: z.number().int(),
});

const encoder = new TextEncoder();

export async function createImageLinkSigner(options: {
  secret: string;
  ttlMs: number;
  now?: () => number;
}): Promise<ImageLinkSigner> {
  const now = options.now ?? Date.now;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(options.secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  return {
    async sign(target, vendor) {
      const payload = toBase64Url(encoder.encode(JSON.stringify({ u: target, v: vendor, e: now() + options.ttlMs })));
      const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload)));
      return `${payload}.${toBase64Url(signature)}`;
    },
    async verify(token) {
      const match = /^([A-Za-z0-9_-]{1,8000})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (match === null) return { ok: false, reason: "invalid" };
      const [, payload = "", signature = ""] = match;
      // crypto.subtle.verify compares in constant time.
      const valid = await crypto.subtle.verify("HMAC", key, fromBase64Url(signature), encoder.encode(payload));
      if (!valid) return { ok: false, reason: "invalid" };
      const parsed = payloadSchema.safeParse(parseJson(new TextDecoder().decode(fromBase64Url(payload))));
      if (!parsed.success) return { ok: false, reason: "invalid" };
      if (parsed.data.e <= now()) return { ok: false, reason: "expired" };
      return { ok: true, target: parsed.data.u, vendor: parsed.data.v };
    },
  };
}

/** A random secret for one process: links stop working when it restarts, and other instances cannot check them. */
export function randomSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
