import {
  type Endpoint,
  FAULT_ENDPOINTS,
  type Fault,
  type FaultKind,
  type ResolvedScenario,
  resolveScenario,
  type Scenario,
} from "./scenario.js";
import { seededRandom } from "./seeded-random.js";

/** What a scenario decided for one request, before the endpoint runs. */
export interface RequestPlan {
  latencyMs: number;
  /** The first matching fault that replaces or mangles the response, if any. */
  response?: Extract<Fault, { kind: "status" | "reset" | "truncated" | "malformed-json" }>;
  /** The first matching fault that shapes a created task, if any. */
  task?: Extract<Fault, { kind: "never-finish" | "task-fails" | "unknown-status" }>;
  unsafe?: Extract<Fault, { kind: "unsafe" }>;
  /** The first matching fault that fails a v2 generation, if any. */
  generationFails?: Extract<Fault, { kind: "generation-fails" }>;
  /** Every fault kind that matched, for the request log. */
  faults: FaultKind[];
}

/**
 * The active scenario plus what it counts: request numbers per endpoint, the seeded generator, the GPTunnel balance
 * and Ideogram's funds and daily spend. Setting a scenario starts all of them afresh, so "request 1" means the
 * first one after `setScenario`.
 */
export class ScenarioState {
  #scenario!: ResolvedScenario;
  #random!: () => number;
  #requestNumbers = new Map<Endpoint | "*", number>();
  #balance = 0;
  #ideogramFunds = 0;
  #ideogramSpent = 0;

  constructor(scenario?: Scenario) {
    this.set(scenario);
  }

  get scenario(): ResolvedScenario {
    return this.#scenario;
  }

  set(scenario?: Scenario): void {
    this.#scenario = resolveScenario(scenario);
    this.#random = seededRandom(this.#scenario.seed);
    this.#requestNumbers.clear();
    this.#balance = this.#scenario.balance;
    this.#ideogramFunds = this.#scenario.ideogram.fundsUsdMicros;
    this.#ideogramSpent = 0;
  }

  /** Spends `generations` if the balance allows it; returns false (spending nothing) otherwise. */
  charge(generations: number): boolean {
    if (generations > this.#balance) return false;
    this.#balance -= generations;
    return true;
  }

  /**
   * Sets aside `usdMicros` of Ideogram funds for a generation, or says why not (the 402 `reject_reason`). What is
   * set aside is spent when the generation completes, or given back with {@link refundIdeogram} when it fails.
   */
  reserveIdeogram(usdMicros: number): "ok" | "insufficient_funds" | "daily_limit" {
    if (usdMicros > this.#ideogramFunds) return "insufficient_funds";
    if (this.#ideogramSpent + usdMicros > this.#scenario.ideogram.dailyLimitUsdMicros) return "daily_limit";
    this.#ideogramFunds -= usdMicros;
    this.#ideogramSpent += usdMicros;
    return "ok";
  }

  refundIdeogram(usdMicros: number): void {
    this.#ideogramFunds += usdMicros;
    this.#ideogramSpent -= usdMicros;
  }

  /** Numbers this request and collects the faults that apply to it. */
  plan(endpoint: Endpoint): RequestPlan {
    const numbers = { [endpoint]: this.#next(endpoint), "*": this.#next("*") } as Record<Endpoint | "*", number>;
    const plan: RequestPlan = { latencyMs: 0, faults: [] };
    for (const rule of this.#scenario.faults) {
      if (rule.endpoint !== endpoint && rule.endpoint !== "*") continue;
      const on = rule.on;
      const matches =
        on === undefined ||
        ("requests" in on ? on.requests.includes(numbers[rule.endpoint]) : this.#random() < on.probability);
      if (matches && appliesTo(rule.fault, endpoint)) add(plan, rule.fault);
    }
    return plan;
  }

  #next(key: Endpoint | "*"): number {
    const n = (this.#requestNumbers.get(key) ?? 0) + 1;
    this.#requestNumbers.set(key, n);
    return n;
  }
}

// A "*" rule with a task, safety or generation fault only concerns the endpoints where that fault means something.
function appliesTo(fault: Fault, endpoint: Endpoint): boolean {
  return FAULT_ENDPOINTS[fault.kind]?.includes(endpoint) ?? true;
}

function add(plan: RequestPlan, fault: Fault): void {
  plan.faults.push(fault.kind);
  switch (fault.kind) {
    case "latency":
      plan.latencyMs += fault.ms;
      return;
    case "status":
    case "reset":
    case "truncated":
    case "malformed-json":
      plan.response ??= fault;
      return;
    case "never-finish":
    case "task-fails":
    case "unknown-status":
      plan.task ??= fault;
      return;
    case "unsafe":
      plan.unsafe ??= fault;
      return;
    case "generation-fails":
      plan.generationFails ??= fault;
      return;
  }
}
