import { describe, expect, it } from "vitest";
import { UrlSigner } from "./signed-url.js";

const check = (signer: UrlSigner, path: string, query: string, now: number) =>
  signer.check(path, new URLSearchParams(query), now);

describe("UrlSigner", () => {
  const signer = new UrlSigner();
  const query = signer.sign("/ephemeral/a.png", 5_000);

  it("accepts its own signature until the expiry, then reports it expired", () => {
    expect(query).toMatch(/^exp=5000&sig=[\w-]+$/);
    expect(check(signer, "/ephemeral/a.png", query, 5_000)).toBe("valid");
    expect(check(signer, "/ephemeral/a.png", query, 5_001)).toBe("expired");
  });

  it("refuses another path, another expiry, a missing part, or another process's secret", () => {
    expect(check(signer, "/ephemeral/b.png", query, 0)).toBe("bad-signature");
    expect(check(signer, "/ephemeral/a.png", query.replace("exp=5000", "exp=9000"), 0)).toBe("bad-signature");
    expect(check(signer, "/ephemeral/a.png", query.replace(/&sig=.*/, ""), 0)).toBe("bad-signature");
    expect(check(signer, "/ephemeral/a.png", "exp=abc&sig=x", 0)).toBe("bad-signature");
    expect(check(new UrlSigner(), "/ephemeral/a.png", query, 0)).toBe("bad-signature");
  });
});
