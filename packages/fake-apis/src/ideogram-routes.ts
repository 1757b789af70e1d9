import { randomBytes, randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  IDEOGRAM_AUTH,
  IDEOGRAM_REJECT_REASONS,
  IDEOGRAM_RELAY_PATH,
  IDEOGRAM_RESULT_LINKS,
  IDEOGRAM_SAFETY_STATUS,
  IDEOGRAM_UPSCALE_PATH,
  ideogramErrorBody,
} from "@upscale/core/vendor-facts";
import sharp from "sharp";
import { jsonReply, type Reply } from "./http-reply.js";
import { MAX_FORM_BYTES, MAX_IMAGE_MB, parseUpscaleForm, type UpscaleForm } from "./ideogram-request.js";
import type { ImageHost } from "./image-host.js";
import { type AuthStyle, type FakeKeys, isAuthorized } from "./keys.js";
import { readBody } from "./read-body.js";
import type { Route, RouteRequest } from "./request-pipeline.js";
import type { ScenarioState } from "./scenario-state.js";
import type { FakeStats } from "./stats.js";

/** Unconfirmed how long Ideogram asks clients to wait; one second is the smallest honest `Retry-After`. */
const INFLIGHT_RETRY_AFTER_SECONDS = 1;
/** Not Ideogram's rule: the fake's own bound, so a 10 MB image cannot make it allocate gigabytes. */
const MAX_INPUT_PIXELS = 4096 * 4096;
const UNDECODABLE = "image_file could not be decoded: it is damaged or not really an image.";

function ideogramError(status: number, message: string, rejectReason?: string, headers = {}): Reply {
  return jsonReply(status, ideogramErrorBody(status, message, rejectReason), headers);
}

/** `POST /upscale` (official, `Api-Key`) and `POST /ideogram/upscale` (relay, `Authorization: Bearer`). */
export function ideogramRoutes(deps: {
  state: ScenarioState;
  images: ImageHost;
  keys: FakeKeys;
  stats: FakeStats;
}): Route[] {
  const { state, images, keys, stats } = deps;

  // At most `inflightLimit` upscales at once, across both routes (the limit is per organisation).
  function admit(res: ServerResponse): Reply | undefined {
    if (stats.inflight >= state.scenario.ideogram.inflightLimit) {
      return ideogramError(
        429,
        "Too many requests in flight: wait for one to finish, then retry.",
        IDEOGRAM_REJECT_REASONS.inflightLimit,
        { "retry-after": String(INFLIGHT_RETRY_AFTER_SECONDS) },
      );
    }
    stats.enterInflight();
    res.once("close", () => stats.leaveInflight());
    return undefined;
  }

  async function handle({ req, plan }: RouteRequest): Promise<Reply> {
    const body = await readBody(req, MAX_FORM_BYTES);
    if (!body.ok) {
      return ideogramError(
        400,
        `The request is larger than ${MAX_IMAGE_MB}: image_file is limited to ${MAX_IMAGE_MB}.`,
      );
    }
    const form = await parseUpscaleForm(req.headers["content-type"], body.bytes);
    if (!form.ok) return ideogramError(400, form.message);
    if (plan.unsafe?.mode === "422")
      return ideogramError(IDEOGRAM_SAFETY_STATUS, "The image did not pass the safety check.");
    const upscaled = await upscale2x(form.value.image);
    if (!upscaled.ok) return ideogramError(400, upscaled.message);
    const flagged = plan.unsafe?.mode === "flag" ? (plan.unsafe.images ?? "all") : [];
    return jsonReply(200, responseBody(form.value, upscaled.value, flagged));
  }

  /** One entry per requested image; a flagged one (0-based) is unsafe: no URL, like the real thing. */
  function responseBody(form: UpscaleForm, result: Upscaled, flagged: number[] | "all") {
    const expiresAt = Date.now() + state.scenario.images.ttlMs;
    const isSafe = (i: number) => flagged !== "all" && !flagged.includes(i);
    return {
      created: new Date().toISOString(),
      [IDEOGRAM_RESULT_LINKS.list]: Array.from({ length: form.request.num_images ?? 1 }, (_, i) => ({
        seed: form.request.seed ?? randomInt(0, 2147483647),
        prompt: form.request.prompt ?? "",
        resolution: result.resolution,
        [IDEOGRAM_RESULT_LINKS.link]: isSafe(i)
          ? (state.scenario.images.resultLink ??
            images.publish(`/ephemeral/${randomBytes(12).toString("base64url")}.png`, result.bytes, expiresAt))
          : null,
        is_image_safe: isSafe(i),
        upscaled_resolution: result.upscaledResolution,
      })),
    };
  }

  const route = (path: string, style: AuthStyle, howToAuth: string): Route => ({
    endpoint: "upscale",
    method: "POST",
    matches: (p) => p === path,
    guard: (req) => (isAuthorized(req, style, keys) ? undefined : ideogramError(401, `Unauthorized: ${howToAuth}`)),
    admit,
    errorReply: (status, message) => ideogramError(status, message),
    handle,
  });

  const { official, relay } = IDEOGRAM_AUTH;
  return [
    route(IDEOGRAM_UPSCALE_PATH, "ideogram-official", `send your Ideogram API key in the ${official.header} header.`),
    route(
      `${IDEOGRAM_RELAY_PATH}${IDEOGRAM_UPSCALE_PATH}`,
      "ideogram-relay",
      `send ${relay.header}: ${relay.prefix}<your relay key>.`,
    ),
  ];
}

interface Upscaled {
  bytes: Buffer;
  resolution: string;
  upscaledResolution: string;
}

/** The uploaded image at twice its size, with both sizes read from the actual pixels. */
async function upscale2x(input: Buffer): Promise<{ ok: true; value: Upscaled } | { ok: false; message: string }> {
  let width: number;
  let height: number;
  try {
    ({ width, height } = await sharp(input).metadata());
  } catch {
    return { ok: false, message: UNDECODABLE };
  }
  if (width * height > MAX_INPUT_PIXELS) {
    return { ok: false, message: `image_file is ${width}×${height}: this fake upscales at most 4096×4096 pixels.` };
  }
  try {
    const { data, info } = await sharp(input)
      .resize(width * 2, height * 2)
      .png()
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      value: { bytes: data, resolution: `${width}x${height}`, upscaledResolution: `${info.width}x${info.height}` },
    };
  } catch {
    return { ok: false, message: UNDECODABLE };
  }
}
