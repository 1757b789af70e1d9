import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type SignatureCheck = "valid" | "bad-signature" | "expired";

/** HMAC-signed, expiring URLs like the vendors' CDNs (`…?exp=…&sig=…`); the secret lives only in this process. */
export class UrlSigner {
  readonly #secret = randomBytes(32);

  /** The query string that makes `path` valid until `expiresAt` (epoch ms). */
  sign(path: string, expiresAt: number): string {
    return `exp=${expiresAt}&sig=${this.#mac(path, expiresAt)}`;
  }

  check(path: string, query: URLSearchParams, now: number): SignatureCheck {
    const exp = query.get("exp");
    const sig = query.get("sig");
    if (exp === null || sig === null || !/^\d+$/.test(exp)) return "bad-signature";
    const expected = Buffer.from(this.#mac(path, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
    return now > Number(exp) ? "expired" : "valid";
  }

  #mac(path: string, expiresAt: number): string {
    return createHmac("sha256", this.#secret).update(`${path}\n${expiresAt}`).digest("base64url");
  }
}
