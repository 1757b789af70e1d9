import { textReply } from "./http-reply.js";
import { carriesKey, type FakeKeys } from "./keys.js";
import type { Route } from "./request-pipeline.js";
import { UrlSigner } from "./signed-url.js";

interface StoredImage {
  /** Dropped once expired: the entry stays so its URL answers 410, not 404. */
  bytes: Buffer | null;
  contentType: string;
  expiresAt: number;
}

/**
 * The result-image origin, on its own port like the vendors' CDNs. Serves only signed, unexpired URLs and
 * refuses any request that carries an API key: a client must never send its key to the image host.
 */
export class ImageHost {
  readonly origin: string;
  readonly #images = new Map<string, StoredImage>();
  readonly #signer = new UrlSigner();
  readonly #now: () => number;

  constructor(origin: string, now: () => number) {
    this.origin = origin;
    this.#now = now;
  }

  /** Stores `bytes` at `path` until `expiresAt` (epoch ms) and returns the signed URL (`extraQuery` first). */
  publish(path: string, bytes: Buffer, expiresAt: number, extraQuery = ""): string {
    this.#dropExpired(this.#now());
    this.#images.set(path, { bytes, contentType: "image/png", expiresAt });
    const prefix = extraQuery === "" ? "" : `${extraQuery}&`;
    return `${this.origin}${path}?${prefix}${this.#signer.sign(path, expiresAt)}`;
  }

  route(keys: FakeKeys): Route {
    return {
      endpoint: "image",
      method: "GET",
      matches: (path) => path.startsWith("/task/image/") || path.startsWith("/ephemeral/"),
      guard: (req) =>
        carriesKey(req, keys)
          ? textReply(400, "Refused: this request carries an API key. Result URLs are signed; send no credentials.")
          : undefined,
      errorReply: (status, message) => textReply(status, message),
      handle: async ({ url }) => {
        const image = this.#images.get(url.pathname);
        if (image === undefined) return textReply(404, "No such image.");
        const now = this.#now();
        const check = this.#signer.check(url.pathname, url.searchParams, now);
        if (check === "bad-signature") return textReply(403, "Bad or missing signature (exp, sig).");
        if (check === "expired" || image.bytes === null) {
          return textReply(410, "This result URL has expired: download results as soon as they are ready.");
        }
        return { status: 200, headers: { "content-type": image.contentType }, body: image.bytes };
      },
    };
  }

  #dropExpired(now: number): void {
    for (const image of this.#images.values()) {
      if (image.expiresAt < now) image.bytes = null;
    }
  }
}
