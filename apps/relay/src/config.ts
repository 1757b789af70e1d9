import {
  GPTUNNEL_ORIGIN,
  IDEOGRAM_MAX_IMAGE_BYTES,
  IDEOGRAM_ORIGIN,
  IDEOGRAM_V2_MAX_IMAGE_BYTES,
  USD_MICROS,
} from "@upscale/core/vendor-facts";
import * as z from "zod";
import { checkUpstreamOrigin } from "./upstream-guard.js";

export type RelayMode = "pass-through" | "team";

/** Everything the relay is configured with; `loadRelayConfig` builds it from environment variables. */
export interface RelayConfig {
  mode: RelayMode;
  /** Upstream origins (no path): `/v1/midjourney/x` → `${gptunnelUrl}/v1/midjourney/x`. */
  gptunnelUrl: string;
  /** `/ideogram/upscale` → `${ideogramUrl}/upscale`. */
  ideogramUrl: string;
  /** Private and loopback upstreams (and image hosts) are refused unless this is set: tests only. */
  allowPrivateUpstreams: boolean;
  /** `["*"]` or exact origins, `"null"` included for sandboxed iframes such as Figma's UI. */
  allowedOrigins: readonly string[];
  /** Where the relay is reached from outside; image links are built on it. Default: the request's own origin. */
  publicUrl?: string;
  /** HMAC secret for `/images/…` links. Random per process when unset (one instance only). */
  signingSecret?: string;
  imageLinkTtlMs: number;
  team?: TeamConfig;
  redisUrl?: string;
  limits: SizeLimits;
  timeouts: UpstreamTimeouts;
}

export interface TeamConfig {
  tokens: readonly string[];
  gptunnelKey?: string;
  ideogramKey?: string;
  ratePerMinute: number;
  /** GPTunnel's paid calls and Ideogram's legacy upscale, per token per UTC day (RELAY_DAILY_BUDGET). */
  dailyPaidCalls: number;
  /** Ideogram v2 spend per token per UTC day, in USD micros (RELAY_DAILY_BUDGET_USD). */
  dailyBudgetUsdMicros: number;
}

export interface SizeLimits {
  /** The whole multipart body: Ideogram's documented 10 MB image plus room for the other field and framing. */
  uploadBytes: number;
  /** The same for Ideogram v2's upscale, whose image may be 50 MB. */
  uploadV2Bytes: number;
  /** GPTunnel JSON request bodies. */
  jsonRequestBytes: number;
  /** Any JSON answer from a vendor (read whole, to rewrite links). */
  jsonResponseBytes: number;
  /** A result image streamed through `/images/…`. */
  imageBytes: number;
}

export interface UpstreamTimeouts {
  /** Ideogram's upscale is synchronous: the answer comes when the work is done. */
  ideogramMs: number;
  gptunnelMs: number;
  imageMs: number;
}

export const DEFAULT_LIMITS: SizeLimits = {
  uploadBytes: IDEOGRAM_MAX_IMAGE_BYTES + 64 * 1024,
  uploadV2Bytes: IDEOGRAM_V2_MAX_IMAGE_BYTES + 64 * 1024,
  jsonRequestBytes: 64 * 1024,
  jsonResponseBytes: 1024 * 1024,
  imageBytes: 64 * 1024 * 1024,
};

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { ideogramMs: 180_000, gptunnelMs: 60_000, imageMs: 120_000 };

export type RelayEnv = Record<string, string | undefined>;

const flag = z.enum(["0", "1", "true", "false"]).transform((value) => value === "1" || value === "true");
const positiveInt = z.coerce.number().int().positive();
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

const envSchema = z.object({
  RELAY_GPTUNNEL_URL: z.url({ protocol: /^https?$/ }).default(GPTUNNEL_ORIGIN),
  RELAY_IDEOGRAM_URL: z.url({ protocol: /^https?$/ }).default(IDEOGRAM_ORIGIN),
  RELAY_ALLOW_PRIVATE_UPSTREAMS: flag.default(false),
  RELAY_ALLOWED_ORIGINS: z.string().optional(),
  RELAY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  RELAY_SIGNING_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  RELAY_IMAGE_LINK_TTL_SECONDS: positiveInt.default(600),
  RELAY_TOKENS: z.string().optional(),
  GPTUNNEL_API_KEY: z.string().optional(),
  IDEOGRAM_API_KEY: z.string().optional(),
  RELAY_RATE_PER_MINUTE: positiveInt.default(60),
  RELAY_DAILY_BUDGET: positiveInt.default(100),
  // Dollars, as a decimal number; 0 turns Ideogram v2's paid upscales off for every token.
  RELAY_DAILY_BUDGET_USD: z.coerce.number().nonnegative().max(1_000_000).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
});

/** Reads the documented environment variables; throws an Error naming the variable that is wrong. */
export function loadRelayConfig(env: RelayEnv): RelayConfig {
  // Empty strings count as unset: `FOO= pnpm relay` is how a shell clears a variable.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Relay configuration: ${String(issue?.path[0])} ${issue?.message ?? "is invalid"}.`);
  }
  const e = parsed.data;
  const allowPrivateUpstreams = e.RELAY_ALLOW_PRIVATE_UPSTREAMS;
  const tokens = list(e.RELAY_TOKENS);
  const team: TeamConfig | undefined =
    tokens.length === 0
      ? undefined
      : {
          tokens,
          gptunnelKey: e.GPTUNNEL_API_KEY,
          ideogramKey: e.IDEOGRAM_API_KEY,
          ratePerMinute: e.RELAY_RATE_PER_MINUTE,
          dailyPaidCalls: e.RELAY_DAILY_BUDGET,
          dailyBudgetUsdMicros: Math.round(e.RELAY_DAILY_BUDGET_USD * USD_MICROS),
        };
  if (team !== undefined && team.gptunnelKey === undefined && team.ideogramKey === undefined) {
    throw new Error("Relay configuration: team mode (RELAY_TOKENS) needs GPTUNNEL_API_KEY and/or IDEOGRAM_API_KEY.");
  }
  if (team !== undefined && tokens.some((token) => token.length < 16)) {
    throw new Error("Relay configuration: every RELAY_TOKENS token must be at least 16 characters.");
  }
  const allowedOrigins = list(e.RELAY_ALLOWED_ORIGINS);
  return {
    mode: team === undefined ? "pass-through" : "team",
    gptunnelUrl: checkUpstreamOrigin("RELAY_GPTUNNEL_URL", e.RELAY_GPTUNNEL_URL, allowPrivateUpstreams),
    ideogramUrl: checkUpstreamOrigin("RELAY_IDEOGRAM_URL", e.RELAY_IDEOGRAM_URL, allowPrivateUpstreams),
    allowPrivateUpstreams,
    allowedOrigins: allowedOrigins.length === 0 ? ["*"] : allowedOrigins,
    publicUrl: e.RELAY_PUBLIC_URL?.replace(/\/+$/, ""),
    signingSecret: e.RELAY_SIGNING_SECRET,
    imageLinkTtlMs: e.RELAY_IMAGE_LINK_TTL_SECONDS * 1000,
    team,
    redisUrl: e.REDIS_URL,
    limits: DEFAULT_LIMITS,
    timeouts: DEFAULT_TIMEOUTS,
  };
}
