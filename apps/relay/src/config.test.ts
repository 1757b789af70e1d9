import { describe, expect, it } from "vitest";
import { loadRelayConfig } from "./config.js";

describe("loadRelayConfig", () => {
  it("defaults to pass-through in front of the real vendors, any origin", () => {
    const config = loadRelayConfig({});
    expect(config).toMatchObject({
      mode: "pass-through",
      gptunnelUrl: "https://gptunnel.ru",
      ideogramUrl: "https://api.ideogram.ai",
      allowedOrigins: ["*"],
      allowPrivateUpstreams: false,
    });
    expect(config.team).toBeUndefined();
  });

  it("reads team mode, origins and limits; empty variables count as unset", () => {
    const config = loadRelayConfig({
      RELAY_TOKENS: " token-a-0123456789abcdef , token-b-0123456789abcdef ",
      IDEOGRAM_API_KEY: "k",
      RELAY_RATE_PER_MINUTE: "5",
      RELAY_DAILY_BUDGET: "7",
      RELAY_DAILY_BUDGET_USD: "2.5",
      RELAY_ALLOWED_ORIGINS: "null,https://www.figma.com",
      REDIS_URL: "redis://127.0.0.1:6379",
      GPTUNNEL_API_KEY: "",
    });
    expect(config.mode).toBe("team");
    expect(config.team).toEqual({
      tokens: ["token-a-0123456789abcdef", "token-b-0123456789abcdef"],
      ideogramKey: "k",
      gptunnelKey: undefined,
      ratePerMinute: 5,
      dailyPaidCalls: 7,
      dailyBudgetUsdMicros: 2_500_000,
    });
    expect(config.allowedOrigins).toEqual(["null", "https://www.figma.com"]);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadRelayConfig({ RELAY_RATE_PER_MINUTE: "fast" })).toThrow(/RELAY_RATE_PER_MINUTE/);
    expect(() => loadRelayConfig({ RELAY_IDEOGRAM_URL: "ftp://x" })).toThrow(/RELAY_IDEOGRAM_URL/);
    expect(() => loadRelayConfig({ RELAY_DAILY_BUDGET_USD: "-1" })).toThrow(/RELAY_DAILY_BUDGET_USD/);
    expect(() => loadRelayConfig({ RELAY_DAILY_BUDGET_USD: "ten" })).toThrow(/RELAY_DAILY_BUDGET_USD/);
    expect(() => loadRelayConfig({ RELAY_SIGNING_SECRET: "short" })).toThrow(/RELAY_SIGNING_SECRET/);
    expect(() => loadRelayConfig({ RELAY_TOKENS: "token-a-0123456789abcdef" })).toThrow(/GPTUNNEL_API_KEY/);
    expect(() => loadRelayConfig({ RELAY_TOKENS: "short", IDEOGRAM_API_KEY: "k" })).toThrow(/16 characters/);
  });
});
