import { randomBytes } from "node:crypto";
import type { IdeogramV2Model } from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import type { InflightSlot } from "./ideogram-errors.js";
import type { ImageHost } from "./image-host.js";
import type { RequestPlan, ScenarioState } from "./scenario-state.js";
import type { FakeStats } from "./stats.js";

export const DEFAULT_FAILURE_REASON = "The upscale could not be completed.";

/** What a generation shows of its image once it completed. */
interface GenerationImage {
  url: string | null;
  prompt: string;
  resolution: string;
  seed: number;
  is_image_safe: boolean;
  width: number;
  height: number;
}

type GenerationState =
  | { status: "pending" }
  | { status: "completed"; image: GenerationImage; costUsdMicros: number }
  | { status: "failed"; reason: string };

export interface Generation {
  id: string;
  model: IdeogramV2Model;
  seed: number;
  state: GenerationState;
  /** Resolves when it completes or fails; never for one that never finishes. */
  settled: Promise<void>;
}

export interface GenerationSpec {
  model: IdeogramV2Model;
  seed: number;
  prompt: string;
  /** The input's size, `WxH`. */
  resolution: string;
  output: { width: number; height: number; bytes: Promise<Checked<Buffer>> };
  /** Set aside from the funds; spent when it completes, given back when it fails. */
  costUsdMicros: number;
  plan: RequestPlan;
  /** Its place among the images in progress, freed when it settles. */
  slot: InflightSlot;
}

/**
 * Ideogram's v2 generations: each runs for the scenario's `generationMs` in wall time, then completes (billed,
 * its link published, or withheld by the safety check and billed all the same) or fails (not billed).
 */
export class GenerationStore {
  readonly #generations = new Map<string, Generation>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #deps: { state: ScenarioState; images: ImageHost; stats: FakeStats; now: () => number };

  constructor(deps: {
    state: ScenarioState;
    images: ImageHost;
    stats: FakeStats;
    now: () => number;
    signal: AbortSignal;
  }) {
    this.#deps = deps;
    deps.signal.addEventListener("abort", () => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
    });
  }

  get(id: string): Generation | undefined {
    return this.#generations.get(id);
  }

  start(spec: GenerationSpec): Generation {
    const { plan } = spec;
    let settle = () => {};
    const generation: Generation = {
      id: randomBytes(16).toString("base64url"),
      model: spec.model,
      seed: spec.seed,
      state: { status: "pending" },
      settled: new Promise((resolve) => {
        settle = resolve;
      }),
    };
    this.#generations.set(generation.id, generation);
    // Rendering runs meanwhile; its outcome is read once the generation's time is up.
    spec.output.bytes.catch(() => undefined);
    if (plan.task?.kind === "never-finish") return generation;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#finish(generation, spec).then(settle, settle);
    }, this.#deps.state.scenario.ideogram.generationMs);
    this.#timers.add(timer);
    return generation;
  }

  async #finish(generation: Generation, spec: GenerationSpec): Promise<void> {
    const { state, images, stats, now } = this.#deps;
    const rendered = await spec.output.bytes;
    const failure = spec.plan.generationFails;
    try {
      if (failure !== undefined || !rendered.ok) {
        state.refundIdeogram(spec.costUsdMicros);
        const reason = failure === undefined ? (rendered.ok ? "" : rendered.message) : failure.reason;
        generation.state = { status: "failed", reason: reason || DEFAULT_FAILURE_REASON };
        return;
      }
      const unsafe = spec.plan.unsafe;
      const safe = unsafe?.mode !== "flag" || (unsafe.images !== undefined && !unsafe.images.includes(0));
      const expiresAt = now() + state.scenario.images.ttlMs;
      const url = safe
        ? (state.scenario.images.resultLink ??
          images.publish(`/ephemeral/${generation.id}.png`, rendered.value, expiresAt))
        : null;
      generation.state = {
        status: "completed",
        costUsdMicros: spec.costUsdMicros,
        image: {
          url,
          prompt: spec.prompt,
          resolution: spec.resolution,
          seed: spec.seed,
          is_image_safe: safe,
          width: spec.output.width,
          height: spec.output.height,
        },
      };
      stats.billed.push({
        generationId: generation.id,
        model: spec.model,
        usdMicros: spec.costUsdMicros,
        withheld: !safe,
      });
    } finally {
      spec.slot.release();
    }
  }
}

/** The answer to an async submission: the id to poll. */
export function submittedBody(generation: Generation) {
  return { generation_id: generation.id, generation_kind: "workflow", seed: generation.seed };
}

/** The answer to a sync request, once its generation completed. */
export function syncBody(generation: Generation, image: GenerationImage) {
  return { ...submittedBody(generation), data: [image] };
}

/** `GET /v2/generations/{id}`: pending, completed (with the image and what it cost) or failed (with why). */
export function generationBody(generation: Generation) {
  const { state } = generation;
  const base = { generation_id: generation.id, status: state.status };
  if (state.status === "completed") {
    return {
      ...base,
      response_type: "url",
      data: [{ object_type: "image", ...state.image }],
      usage_cost_usd_micros: state.costUsdMicros,
    };
  }
  return state.status === "failed" ? { ...base, failure_reason: state.reason } : base;
}
