/**
 * A scenario is plain data that states exactly how the fake behaves: task timing, balance, image lifetime and
 * which requests get which fault. Tests pass one to `startFakeApis` or `setScenario`; README.md documents it.
 */

import { IDEOGRAM_MAX_IN_FLIGHT } from "@upscale/core/vendor-facts";

/** Every route the fake serves, by name. Request numbers and counters are kept per endpoint. */
export type Endpoint =
  | "imagine" // POST /v1/midjourney/imagine
  | "result" // GET  /v1/midjourney/result?taskId=
  | "upsample" // POST /v1/midjourney/upsample
  | "variation" // POST /v1/midjourney/variation
  | "upscale" // POST /upscale (official) and POST /ideogram/upscale (relay)
  | "upscale-v2" // POST /v2/image/upscale/{model} (and under /ideogram): a billed generation
  | "quote" // the same path with ?dry_run=true: a price quote, nothing generated or billed
  | "generation" // GET /v2/generations/{id} (and under /ideogram)
  | "balance" // GET /v1/balance (GPTunnel)
  | "image"; // GET on the image server

/** The endpoints that create a Midjourney task, where task faults apply. */
export const TASK_ENDPOINTS: readonly Endpoint[] = ["imagine", "upsample", "variation"];

/** Where each fault that shapes what a request creates applies (the others apply everywhere). */
export const FAULT_ENDPOINTS: Partial<Record<FaultKind, readonly Endpoint[]>> = {
  "never-finish": [...TASK_ENDPOINTS, "upscale-v2"],
  "task-fails": TASK_ENDPOINTS,
  "unknown-status": TASK_ENDPOINTS,
  unsafe: ["upscale", "upscale-v2"],
  "generation-fails": ["upscale-v2"],
};

export type Fault =
  /** Wait before answering. Several matching latencies add up. */
  | { kind: "latency"; ms: number }
  /** Answer with this status instead of running the endpoint (nothing is created or charged). */
  | { kind: "status"; status: number; retryAfter?: number; body?: string }
  /** Run the endpoint, send the headers and half the body, then reset the connection (RST). */
  | { kind: "reset" }
  /** Run the endpoint, announce the full Content-Length, send half the body, then close (FIN). */
  | { kind: "truncated" }
  /** Run the endpoint, send a complete response whose body is only the first half of the real one. */
  | { kind: "malformed-json" }
  /**
   * The created task's percent stops rising below 100; it never reaches `done`. A v2 generation stays `pending`
   * for good, holding its in-progress place until the fake closes.
   */
  | { kind: "never-finish" }
  /** The created task fails halfway: `status` (default "failed") and a non-null `error`. */
  | { kind: "task-fails"; status?: string; error?: Record<string, unknown> }
  /** The created task reports this status string while it runs, instead of the scenario's `runningStatus`. */
  | { kind: "unknown-status"; status: string }
  /**
   * The upscale is judged unsafe: `flag` = 200 with `is_image_safe: false` and `url: null` (a v2 generation is
   * still billed); `422` = an error before anything runs.
   */
  | { kind: "unsafe"; mode: "flag" | "422"; images?: number[] }
  /** The v2 generation ends `failed` with this `failure_reason` (not billed); a sync request is answered 500. */
  | { kind: "generation-fails"; reason?: string };

export type FaultKind = Fault["kind"];

export interface FaultRule {
  /** `"*"` matches every request on both servers, numbered together. */
  endpoint: Endpoint | "*";
  /** Which requests: 1-based numbers per endpoint since the scenario was set, or a seeded probability. Omit for all. */
  on?: { requests: number[] } | { probability: number };
  fault: Fault;
}

export interface Scenario {
  /** Seeds the generator behind `probability` rules: the same seed and request order give the same faults. */
  seed?: number;
  faults?: FaultRule[];
  task?: {
    /** Wall time from creation to `done`. Default 3000 ms. */
    durationMs?: number;
    /** The in-progress status string (the real one is unconfirmed). Default "running". */
    runningStatus?: string;
  };
  /** Generations left on the GPTunnel account (imagine and variation cost 1, upsample is free). Default unlimited. */
  balance?: number;
  images?: {
    /** How long a result URL stays valid. Default 24 h (Ideogram's documented lifetime). */
    ttlMs?: number;
    /**
     * Every result link (a task's `result`, an upscale's `url`) is this text verbatim instead of a signed URL:
     * crafted links (a backslash, user info, tabs) test where a client really sends its request.
     */
    resultLink?: string;
  };
  ideogram?: {
    /**
     * Images in progress allowed before 429 `inflight_limit`: v1 upscale requests while they run, v2
     * generations until they complete or fail. Default 10 (documented).
     */
    inflightLimit?: number;
    /** Wall time of a v2 generation from submission to `completed`/`failed`. Default 1000 ms. */
    generationMs?: number;
    /** Prepaid funds in USD micros; a generation costing more is refused 402 `insufficient_funds`. Default unlimited. */
    fundsUsdMicros?: number;
    /** Spend allowed since the scenario was set, in USD micros; beyond it 402 `daily_limit`. Default unlimited. */
    dailyLimitUsdMicros?: number;
  };
  /** What GPTunnel's `GET /v1/balance` reports (roubles). Defaults: balance 1000, creditLimit 0, walletBalance 0. */
  account?: { balance?: number; creditLimit?: number; walletBalance?: number };
  /** How Ideogram's upscalers (v1 and v2) treat what they are sent, as real vendors may. */
  upscaler?: UpscalerMode;
}

/** How the fake upscalers treat an upload, where real vendors differ or are undocumented. */
export interface UpscalerMode {
  /**
   * "ignore" (default): the EXIF orientation tag is not read; the result has the pixels as stored, no tag — a
   * portrait phone photo sent with Orientation 6 comes back sideways. "apply": the pixels are turned first.
   */
  orientation?: "ignore" | "apply";
  /**
   * "keep" (default): a transparent upload gives a transparent result. "drop": every result is opaque, flattened
   * onto black.
   */
  alpha?: "keep" | "drop";
}

/** A scenario with every default filled in. */
export interface ResolvedScenario {
  seed: number;
  faults: FaultRule[];
  task: { durationMs: number; runningStatus: string };
  balance: number;
  images: { ttlMs: number; resultLink?: string };
  ideogram: { inflightLimit: number; generationMs: number; fundsUsdMicros: number; dailyLimitUsdMicros: number };
  account: { balance: number; creditLimit: number; walletBalance: number };
  upscaler: Required<UpscalerMode>;
}

export const DEFAULT_TASK_DURATION_MS = 3000;
export const DEFAULT_RUNNING_STATUS = "running";
export const DEFAULT_IMAGE_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_INFLIGHT_LIMIT = IDEOGRAM_MAX_IN_FLIGHT;
export const DEFAULT_GENERATION_MS = 1000;
export const DEFAULT_ACCOUNT = { balance: 1000, creditLimit: 0, walletBalance: 0 };
export const DEFAULT_UPSCALER: Required<UpscalerMode> = { orientation: "ignore", alpha: "keep" };

/** Fills in defaults and rejects a scenario that cannot mean anything, saying what to change. */
export function resolveScenario(scenario: Scenario = {}): ResolvedScenario {
  const faults = scenario.faults ?? [];
  faults.forEach(checkRule);
  const resolved: ResolvedScenario = {
    seed: scenario.seed ?? 1,
    faults,
    task: {
      durationMs: scenario.task?.durationMs ?? DEFAULT_TASK_DURATION_MS,
      runningStatus: scenario.task?.runningStatus ?? DEFAULT_RUNNING_STATUS,
    },
    balance: scenario.balance ?? Number.POSITIVE_INFINITY,
    images: {
      ttlMs: scenario.images?.ttlMs ?? DEFAULT_IMAGE_TTL_MS,
      ...(scenario.images?.resultLink !== undefined && { resultLink: scenario.images.resultLink }),
    },
    ideogram: {
      inflightLimit: scenario.ideogram?.inflightLimit ?? DEFAULT_INFLIGHT_LIMIT,
      generationMs: scenario.ideogram?.generationMs ?? DEFAULT_GENERATION_MS,
      fundsUsdMicros: scenario.ideogram?.fundsUsdMicros ?? Number.POSITIVE_INFINITY,
      dailyLimitUsdMicros: scenario.ideogram?.dailyLimitUsdMicros ?? Number.POSITIVE_INFINITY,
    },
    account: { ...DEFAULT_ACCOUNT, ...scenario.account },
    upscaler: { ...DEFAULT_UPSCALER, ...scenario.upscaler },
  };
  checkNonNegative("task.durationMs", resolved.task.durationMs);
  checkNonNegative("balance", resolved.balance);
  checkNonNegative("images.ttlMs", resolved.images.ttlMs);
  checkNonNegative("ideogram.inflightLimit", resolved.ideogram.inflightLimit);
  checkNonNegative("ideogram.generationMs", resolved.ideogram.generationMs);
  checkNonNegative("ideogram.fundsUsdMicros", resolved.ideogram.fundsUsdMicros);
  checkNonNegative("ideogram.dailyLimitUsdMicros", resolved.ideogram.dailyLimitUsdMicros);
  checkNonNegative("account.creditLimit", resolved.account.creditLimit);
  checkOneOf("upscaler.orientation", resolved.upscaler.orientation, ["ignore", "apply"]);
  checkOneOf("upscaler.alpha", resolved.upscaler.alpha, ["keep", "drop"]);
  if (!Number.isFinite(resolved.account.balance) || !Number.isFinite(resolved.account.walletBalance)) {
    throw new TypeError("Scenario: account.balance and account.walletBalance must be numbers.");
  }
  return resolved;
}

function checkOneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new TypeError(
      `Scenario: ${name} must be ${allowed.map((v) => `"${v}"`).join(" or ")}, got ${JSON.stringify(value)}.`,
    );
  }
}

function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0)) throw new TypeError(`Scenario: ${name} must be a number ≥ 0, got ${value}.`);
}

function checkRule(rule: FaultRule, index: number): void {
  const where = `Scenario: faults[${index}]`;
  const { kind } = rule.fault;
  const endpoints = FAULT_ENDPOINTS[kind];
  if (endpoints !== undefined && rule.endpoint !== "*" && !endpoints.includes(rule.endpoint)) {
    throw new TypeError(`${where}: "${kind}" applies to ${endpoints.map((e) => `"${e}"`).join(", ")}.`);
  }
  if (rule.fault.kind === "status" && !(rule.fault.status >= 100 && rule.fault.status <= 599)) {
    throw new TypeError(`${where}: status must be an HTTP status (100–599).`);
  }
  if (rule.on && "probability" in rule.on && !(rule.on.probability >= 0 && rule.on.probability <= 1)) {
    throw new TypeError(`${where}: probability must be between 0 and 1.`);
  }
  if (rule.on && "requests" in rule.on && !rule.on.requests.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new TypeError(`${where}: request numbers are whole numbers from 1.`);
  }
}
