import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_ORG_ID, GPTUNNEL_BALANCE_PATH } from "./gptunnel-balance-route.js";
import { DEFAULT_ACCOUNT } from "./scenario.js";
import { type FakeApis, startFakeApis } from "./start-fake-apis.js";

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setScenario({});
  fake.stats.reset();
});

const balanceUrl = () => `${new URL(fake.gptunnelUrl).origin}/v1/balance`;
async function balance(query = "", headers: Record<string, string> = { authorization: fake.keys.gptunnel }) {
  const response = await fetch(`${balanceUrl()}${query}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /v1/balance", () => {
  it("sits beside the Midjourney API, not under it", () => {
    expect(GPTUNNEL_BALANCE_PATH).toBe("/v1/balance");
    expect(new URL(fake.gptunnelUrl).pathname).toBe("/v1/midjourney");
  });

  it("answers the documented shape with the default account", async () => {
    expect(await balance()).toEqual({
      status: 200,
      body: { orgId: FAKE_ORG_ID, object: "balance", balance: DEFAULT_ACCOUNT.balance, creditLimit: 0 },
    });
  });

  it("reports a negative balance down to the credit limit, and the personal wallet on request", async () => {
    fake.setScenario({ account: { balance: -51.54397, creditLimit: 15000, walletBalance: 12.5 } });
    expect((await balance()).body).toMatchObject({ balance: -51.54397, creditLimit: 15000 });
    expect((await balance("?useWalletBalance=true")).body).toMatchObject({ balance: 12.5, creditLimit: 0 });
    expect((await balance("?useWalletBalance=false")).body).toMatchObject({ balance: -51.54397 });
  });

  it.each([
    ["no key", {}],
    ["a wrong key", { authorization: "nope" }],
    ["Bearer", { authorization: "Bearer fake-gptunnel-key" }],
  ])("refuses %s with 401 unauthorized_request_error", async (_, headers) => {
    const { status, body } = await balance("", headers);
    expect(status).toBe(401);
    expect(body).toEqual({
      error: {
        message: expect.stringMatching(/Unauthorized/),
        type: "unauthorized_request_error",
        param: null,
        code: null,
      },
    });
  });

  it("takes status faults like every endpoint", async () => {
    fake.setScenario({ faults: [{ endpoint: "balance", fault: { kind: "status", status: 503 } }] });
    expect((await balance()).status).toBe(503);
    expect(fake.stats.count("balance", "GET")).toBe(1);
  });
});
