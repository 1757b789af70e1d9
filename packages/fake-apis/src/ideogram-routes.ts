import { randomBytes, randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  IDEOGRAM_RELAY_PATH,
  IDEOGRAM_RESULT_LINKS,
  IDEOGRAM_SAFETY_STATUS,
  IDEOGRAM_UPSCALE_PATH,
} from "@upscale/core/vendor-facts";
import type { Checked } from "./checked.js";
import { jsonReply, type Reply } from "./http-reply.js";
import { admitForResponse, ideogramError } from "./ideogram-errors.js";
import { MAX_FORM_BYTES, MAX_IMAGE_MB, parseUpscaleForm, type UpscaleForm } from "./ideogram-request.js";
import type { ImageHost } from "./image-host.js";
import { type AuthStyle, type FakeKeys, isAuthorized } from "./keys.js";
import { readBody } from "./read-body.js";
import type { Route, RouteRequest } from "./request-pipeline.js";
import { readImageSize, resizeToPng } from "./resize-image.js";
import type { UpscalerMode } from "./scenario.js";
import type { ScenarioState } from "./scenario-state.js";
import type { FakeStats } from "./stats.js";

/** Not Ideogram's rule: the fake's own bound, so a 10 MB image cannot make it allocate gigabytes. */
const MAX_INPUT_PIXELS = 4096 * 4096;

/** `POST /upscale` (official, `Api-Key`) and `POST /ideogram/upscale` (relay, `Authorization: Bearer`). */
export function ideogramRoutes(deps: {
  state: ScenarioState;
  images: ImageHost;
  keys: FakeKeys;
  stats: FakeStats;
  now: () => number;
}): Route[] {
  const { state, images, keys, stats, now } = deps;

  // At most `inflightLimit` images in progress at once, across every route (the limit is per organisation).
  const admit = (res: ServerResponse) => admitForResponse(stats, state.scenario.ideogram.inflightLimit, res);

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
    stats.uploads.push({ endpoint: "upscale", bytes: form.value.image });
    if (plan.unsafe?.mode === "422")
      return ideogramError(IDEOGRAM_SAFETY_STATUS, "The image did not pass the safety check.");
    const upscaled = await upscale2x(form.value.image, state.scenario.upscaler);
    if (!upscaled.ok) return ideogramError(400, upscaled.message);
    const flagged = plan.unsafe?.mode === "flag" ? (plan.unsafe.images ?? "all") : [];
    return jsonReply(200, responseBody(form.value, upscaled.value, flagged));
  }

  /** One entry per requested image; a flagged one (0-based) is unsafe: no URL, like the real thing. */
  function responseBody(form: UpscaleForm, result: Upscaled, flagged: number[] | "all") {
    const expiresAt = now() + state.scenario.images.ttlMs;
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

  return [
    route(IDEOGRAM_UPSCALE_PATH, "ideogram-official", "send your Ideogram API key in the Api-Key header."),
    route(
      `${IDEOGRAM_RELAY_PATH}${IDEOGRAM_UPSCALE_PATH}`,
      "ideogram-relay",
      "send Authorization: Bearer <your relay key>.",
    ),
  ];
}

interface Upscaled {
  bytes: Buffer;
  resolution: string;
  upscaledResolution: string;
}

/** The uploaded image at twice its size, with both sizes read from the actual pixels. */
async function upscale2x(input: Buffer, mode: Required<UpscalerMode>): Promise<Checked<Upscaled>> {
  const size = await readImageSize(input, "image_file", mode);
  if (!size.ok) return size;
  const { width, height } = size.value;
  if (width * height > MAX_INPUT_PIXELS) {
    return { ok: false, message: `image_file is ${width}×${height}: this fake upscales at most 4096×4096 pixels.` };
  }
  const bytes = await resizeToPng(input, { width: width * 2, height: height * 2 }, "image_file", mode);
  if (!bytes.ok) return bytes;
  return {
    ok: true,
    value: { bytes: bytes.value, resolution: `${width}x${height}`, upscaledResolution: `${width * 2}x${height * 2}` },
  };
}
