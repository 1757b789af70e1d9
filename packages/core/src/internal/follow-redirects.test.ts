import { describe, expect, it } from "vitest";
import { failure } from "../../test/failure.js";
import { billed, KEY, read, setup } from "../../test/send-context.js";
import { sendRequest } from "./send-request.js";

describe("redirects", () => {
  it("follows a read to another origin without the credentials", async () => {
    const { transport, clock, context } = setup([
      { status: 302, headers: { location: "https://cdn.example/img/1.png?sig=abc" } },
      { status: 200 },
    ]);
    await clock.run(sendRequest(read, context));
    const [first, second] = transport.requests;
    expect(first?.headers.authorization).toBe(KEY);
    expect(second?.url).toBe("https://cdn.example/img/1.png?sig=abc");
    expect(second?.headers.authorization).toBeUndefined();
  });

  it("lets the transport follow redirects only for a read without credentials", async () => {
    const { transport, clock, context } = setup([{ status: 200 }, { status: 200 }, { status: 200 }]);
    await clock.run(sendRequest({ ...read, credentials: undefined }, context));
    await clock.run(sendRequest(read, context));
    await clock.run(sendRequest({ ...read, method: "POST", credentials: undefined, charges: false }, context));
    expect(transport.requests.map((request) => request.followRedirects)).toEqual([true, false, false]);
  });

  it("resolves a relative Location and keeps the credentials on the same origin", async () => {
    const { transport, clock, context } = setup([
      { status: 307, headers: { location: "/v2/status?id=1" } },
      { status: 200 },
    ]);
    await clock.run(sendRequest(read, context));
    expect(transport.requests[1]?.url).toBe("https://api.acme.test/v2/status?id=1");
    expect(transport.requests[1]?.headers.authorization).toBe(KEY);
  });

  it("never re-sends a POST to a redirect's target", async () => {
    const { transport, clock, context } = setup([
      { status: 308, headers: { location: "https://other.example/create" } },
    ]);
    const error = await failure(clock.run(sendRequest(billed, context)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("Unexpected redirect to https://other.example/create");
    expect(error.message).toContain("set its base URL");
    expect(transport.requests).toHaveLength(1);
  });

  it("stops after five hops", async () => {
    const loop = { status: 302, headers: { location: "/again" } };
    const { transport, clock, context } = setup([loop, loop, loop, loop, loop, loop]);
    const error = await failure(clock.run(sendRequest(read, context)));
    expect(error.code).toBe("BAD_RESPONSE");
    expect(transport.requests).toHaveLength(6);
  });

  it.each<Record<string, string>>([{}, { location: "file:///etc/passwd" }, { location: "http://[bad" }])(
    "refuses a redirect without an http(s) target (%j)",
    async (headers) => {
      const { clock, context } = setup([{ status: 301, headers }]);
      const error = await failure(clock.run(sendRequest(read, context)));
      expect(error.message).toMatch(/^Unexpected redirect \(/);
    },
  );

  it.each([
    "https://evil.example\\@api.acme.test/x",
    "https://evil.example\t\\@api.acme.test/x",
    "//evil.example\\@api.acme.test/x",
    "\\\\evil.example/@api.acme.test",
  ])("sends no key to the host a crafted redirect really names (%j)", async (location) => {
    const { transport, clock, context } = setup([{ status: 302, headers: { location } }, { status: 200 }]);
    await clock.run(sendRequest(read, context));
    expect(transport.requests[1]?.url).toMatch(/^https:\/\/evil\.example\//);
    expect(transport.requests[1]?.headers.authorization).toBeUndefined();
  });
});
