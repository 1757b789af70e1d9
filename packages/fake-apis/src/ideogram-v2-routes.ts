import { randomInt } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  IDEOGRAM_GENERATION_ID_PATTERN,
  IDEOGRAM_RELAY_PATH,
  IDEOGRAM_SAFETY_STATUS,
  IDEOGRAM_V2_DRY_RUN_PARAM,
  IDEOGRAM_V2_GENERATIONS_PATH,
  IDEOGRAM_V2_MAX_SEED,
  IDEOGRAM_V2_MODEL_IDS,
  IDEOGRAM_V2_UPSCALE_PATH,
  type IdeogramV2Model,
  isIdeogramV2Model,
} from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import { jsonReply, type Reply } from "./http-reply.js";
import { type InflightSlot, ideogramError, takeInflightSlot } from "./ideogram-errors.js";
import { MAX_V2_FORM_BYTES, parseUpscaleV2Form, type UpscaleV2Form } from "./ideogram-v2-form.js";
import { GenerationStore, generationBody, submittedBody, syncBody } from "./ideogram-v2-generations.js";
import { generationCost, type OutputPlan, planOutput, priceQuote } from "./ideogram-v2-pricing.js";
import type { ImageHost } from "./image-host.js";
import { type AuthStyle, type FakeKeys, isAuthorized } from "./keys.js";
import { readBody } from "./read-body.js";
import type { Route, RouteRequest } from "./request-pipeline.js";
import { type ImageSize, readImageSize, resizeToPng } from "./resize-image.js";
import type { Endpoint } from "./scenario.js";
import type { ScenarioState } from "./scenario-state.js";
import type { FakeStats } from "./stats.js";

interface PreparedUpscale {
  model: IdeogramV2Model;
  form: UpscaleV2Form;
  input: ImageSize;
  output: OutputPlan;
}

/**
 * Ideogram's v2 upscale: `POST /v2/image/upscale/{model}` (a generation, sync or async), the same with
 * `?dry_run=true` (a price quote) and `GET /v2/generations/{id}`; each with `Api-Key`, and under `/ideogram` with
 * `Authorization: Bearer` like the v1 relay routes.
 */
export function ideogramV2Routes(deps: {
  state: ScenarioState;
  images: ImageHost;
  keys: FakeKeys;
  stats: FakeStats;
  /** The fake's clock, behind result-link expiry; a generation's own time is wall time. */
  now: () => number;
  signal: AbortSignal;
}): Route[] {
  const { state, keys, stats } = deps;
  const generations = new GenerationStore(deps);
  // A place taken at admission stays with the response until a generation takes it over.
  const slots = new WeakMap<ServerResponse, InflightSlot>();

  function admit(res: ServerResponse): Reply | undefined {
    const taken = takeInflightSlot(stats, state.scenario.ideogram.inflightLimit);
    if ("refusal" in taken) return taken.refusal;
    slots.set(res, taken.slot);
    res.once("close", () => slots.get(res)?.release());
    return undefined;
  }

  async function prepare(
    req: IncomingMessage,
    url: URL,
    endpoint: "upscale-v2" | "quote",
  ): Promise<Checked<PreparedUpscale>> {
    const model = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const body = await readBody(req, MAX_V2_FORM_BYTES);
    if (!isIdeogramV2Model(model)) {
      return fail(`Unknown model ${JSON.stringify(model)}: use one of ${IDEOGRAM_V2_MODEL_IDS.join(", ")}.`);
    }
    if (!body.ok) return fail("The request is larger than 50 MB: image is limited to 50 MB.");
    const form = await parseUpscaleV2Form(model, req.headers["content-type"], body.bytes);
    if (!form.ok) return form;
    stats.uploads.push({ endpoint, bytes: form.value.image });
    const input = await readImageSize(form.value.image, "image", state.scenario.upscaler);
    if (!input.ok) return input;
    const output = planOutput(model, form.value, input.value);
    if (!output.ok) return output;
    return { ok: true, value: { model, form: form.value, input: input.value, output: output.value } };
  }

  async function quote({ req, url }: RouteRequest): Promise<Reply> {
    const prepared = await prepare(req, url, "quote");
    if (!prepared.ok) return ideogramError(400, prepared.message);
    return jsonReply(200, priceQuote(prepared.value.model, prepared.value.output));
  }

  async function upscale({ req, res, url, plan }: RouteRequest): Promise<Reply> {
    const dryRun = url.searchParams.get(IDEOGRAM_V2_DRY_RUN_PARAM);
    if (dryRun !== null && dryRun !== "false") {
      return ideogramError(400, `${IDEOGRAM_V2_DRY_RUN_PARAM} must be true or false, got ${JSON.stringify(dryRun)}.`);
    }
    const prepared = await prepare(req, url, "upscale-v2");
    if (!prepared.ok) return ideogramError(400, prepared.message);
    if (plan.unsafe?.mode === "422") {
      return ideogramError(IDEOGRAM_SAFETY_STATUS, "The image did not pass the safety check.");
    }
    const { model, form, input, output } = prepared.value;
    const costUsdMicros = generationCost(model, output.size.width * output.size.height);
    const funds = state.reserveIdeogram(costUsdMicros);
    if (funds !== "ok") {
      const why = funds === "daily_limit" ? "the daily spending limit is reached" : "the balance is too low";
      return ideogramError(402, `Payment required: ${why}.`, { rejectReason: funds });
    }
    const slot = slots.get(res) as InflightSlot;
    slots.delete(res);
    const generation = generations.start({
      model,
      seed: form.seed ?? randomInt(0, IDEOGRAM_V2_MAX_SEED),
      prompt: form.prompt ?? "",
      resolution: `${input.width}x${input.height}`,
      output: {
        ...output.size,
        bytes: resizeToPng(form.image, output.size, "image", state.scenario.upscaler, output.fit),
      },
      costUsdMicros,
      plan,
      slot,
    });
    if (form.async) return jsonReply(200, submittedBody(generation));
    await generation.settled;
    const { state: outcome } = generation;
    if (outcome.status === "completed") return jsonReply(200, syncBody(generation, outcome.image));
    const reason = outcome.status === "failed" ? outcome.reason : "";
    return ideogramError(500, `Generation failed: ${reason}`);
  }

  async function show({ url }: RouteRequest): Promise<Reply> {
    const id = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const generation = IDEOGRAM_GENERATION_ID_PATTERN.test(id) ? generations.get(id) : undefined;
    if (generation === undefined) return ideogramError(404, `Generation ${id.slice(0, 40)} not found.`);
    return jsonReply(200, generationBody(generation));
  }

  const upscalePath = (p: string, base: string) => isUnder(p, `${base}${IDEOGRAM_V2_UPSCALE_PATH}`);
  const isDryRun = (query: URLSearchParams) => query.get(IDEOGRAM_V2_DRY_RUN_PARAM) === "true";
  const routesFor = (base: string, style: AuthStyle, howToAuth: string): Route[] => {
    const route = (
      endpoint: Endpoint,
      method: Route["method"],
      matches: Route["matches"],
      handle: Route["handle"],
    ): Route => ({
      endpoint,
      method,
      matches,
      guard: (req) => (isAuthorized(req, style, keys) ? undefined : ideogramError(401, `Unauthorized: ${howToAuth}`)),
      ...(endpoint === "upscale-v2" && { admit }),
      errorReply: (status, message) => ideogramError(status, message),
      handle,
    });
    return [
      route("quote", "POST", (p, query) => upscalePath(p, base) && isDryRun(query), quote),
      route("upscale-v2", "POST", (p) => upscalePath(p, base), upscale),
      route("generation", "GET", (p) => isUnder(p, `${base}${IDEOGRAM_V2_GENERATIONS_PATH}`), show),
    ];
  };

  return [
    ...routesFor("", "ideogram-official", "send your Ideogram API key in the Api-Key header."),
    ...routesFor(IDEOGRAM_RELAY_PATH, "ideogram-relay", "send Authorization: Bearer <your relay key>."),
  ];
}

/** `path` is `prefix/<one segment>`. */
function isUnder(path: string, prefix: string): boolean {
  return path.startsWith(`${prefix}/`) && /^[^/]+$/.test(path.slice(prefix.length + 1));
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
