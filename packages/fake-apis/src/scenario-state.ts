import {
  type Endpoint,
  type Fault,
  type FaultKind,
  type ResolvedScenario,
  resolveScenario,
  type Scenario,
  TASK_ENDPOINTS,
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
  /** Every fault kind that matched, for the request log. */
  faults: FaultKind[];
}

/**
 * The active scenario plus what it counts: request numbers per endpoint, the seeded generator and the balance.
 * Setting a scenario starts all of them afresh, so "request 1" means the first one after `setScenario`.
 */
export class ScenarioState {
  #scenario!: ResolvedScenario;
  #random!: () => number;
  #requestNumbers = new Map<Endpoint | "*", number>();
  #balance = 0;

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
  }

  /** Spends `generations` if the balance allows it; returns false (spending nothing) otherwise. */
  charge(generations: number): boolean {
    if (generations > this.#balance) return false;
    this.#balance -= generations;
    return true;
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

// A "*" rule with a task or safety fault only concerns the endpoints where that fault means something.
function appliesTo(fault: Fault, endpoint: Endpoint): boolean {
  switch (fault.kind) {
    case "never-finish":
    case "task-fails":
    case "unknown-status":
      return TASK_ENDPOINTS.includes(endpoint);
    case "unsafe":
      return endpoint === "upscale";
    default:
      return true;
  }
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
  }
}
