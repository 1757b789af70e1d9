import * as z from "zod";
import { type ClientOptions, type RequestOptions, resolveClientSettings } from "../http/client-options.js";
import type { DownloadedImage } from "../http/download-image.js";
import { checkRedactableKey, redactJson } from "../http/redact-secrets.js";
import type { HttpResponse } from "../http/transport.js";
import type { ApiRequest } from "../internal/api-request.js";
import { resolveHttpUrl } from "../internal/http-url.js";
import { parseJson } from "../internal/parse-json.js";
import { parseJsonResponse } from "../internal/parse-response.js";
import { sendRequest } from "../internal/send-request.js";
import type { VendorProfile } from "../internal/vendor-errors.js";
import { ApiError, InputError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import {
  DEFAULT_GPTUNNEL_BASE_URL,
  GPTUNNEL_AUTH,
  GPTUNNEL_CALLS,
  GPTUNNEL_ERRORS,
  type GptunnelOperation,
} from "../vendor-facts/gptunnel.js";
import { GPTUNNEL_BALANCE_SEGMENT, GPTUNNEL_WALLET_PARAM } from "../vendor-facts/gptunnel-balance.js";
import {
  checkMidjourneyTaskId,
  gptunnelBalanceSchema,
  gptunnelErrorBodySchema,
  type MidjourneyTask,
  midjourneyTaskIdSchema,
  midjourneyTaskSchema,
} from "./midjourney-schemas.js";

const DEFAULT_TIMEOUT_MS = 60_000;

/** Which image of a grid: 1 to 4, left to right, top to bottom. */
export type MidjourneyImageIndex = 1 | 2 | 3 | 4;

export type MidjourneyClientOptions = ClientOptions;

/** GPTunnel's balance in roubles: it may go negative, down to `-creditLimit`. */
export interface GptunnelBalance {
  balance: number;
  creditLimit: number;
}

/** GPTunnel's Midjourney calls: submit a task, read it, download its image, read the balance. */
export interface MidjourneyClient {
  readonly baseUrl: string;
  /** Starts a grid. Billed: never re-sent once it may have reached GPTunnel. */
  imagine(prompt: string, options?: RequestOptions & { useWalletBalance?: boolean }): Promise<MidjourneyTask>;
  /** Current state of any task. */
  result(taskId: string, options?: RequestOptions): Promise<MidjourneyTask>;
  /** Upscales one quadrant of a grid; re-sending returns the same task, so it is retried. */
  upsample(taskId: string, image: MidjourneyImageIndex, options?: RequestOptions): Promise<MidjourneyTask>;
  /** Billed: never re-sent once it may have reached GPTunnel. */
  variation(
    params: { taskId: string; image?: MidjourneyImageIndex; mode?: "high" | "low" },
    options?: RequestOptions,
  ): Promise<MidjourneyTask>;
  /** Downloads a finished task's result image; sends the key only if the URL is on the API's own origin. */
  download(url: string, options?: RequestOptions): Promise<DownloadedImage>;
  /**
   * The organisation's balance (`GET /v1/balance`, beside the Midjourney base URL), or with `useWalletBalance`
   * the personal wallet's. Free.
   */
  balance(options?: RequestOptions & { useWalletBalance?: boolean }): Promise<GptunnelBalance>;
}

/** GPTunnel as the request pipeline sees it; the rejected-key advice ends with the app's own key hint. */
const gptunnel = (keyHint: string): VendorProfile => ({
  name: "GPTunnel",
  advice: {
    AUTH: `Check the GPTunnel API key: copy it again from your GPTunnel account, then ${keyHint}.`,
    INSUFFICIENT_BALANCE: "Top up your GPTunnel balance and try again.",
    NOT_FOUND: "Check the task id (a task created with this GPTunnel key) and the GPTunnel base URL.",
  },
  chargeCheck: "look for the new task in your GPTunnel account before trying again",
  errorTypes: {
    [GPTUNNEL_ERRORS.unauthorized.type]: "AUTH",
    [GPTUNNEL_ERRORS.insufficientBalance.type]: "INSUFFICIENT_BALANCE",
    [GPTUNNEL_ERRORS.invalidRequest.type]: "INVALID_REQUEST",
  },
  readError: (body) => {
    const parsed = gptunnelErrorBodySchema.safeParse(body);
    return parsed.success ? { message: parsed.data.error.message, type: parsed.data.error.type } : undefined;
  },
});

/** A client for GPTunnel's Midjourney API. Every argument is checked before anything is sent. */
export function createMidjourneyClient(options: MidjourneyClientOptions): MidjourneyClient {
  const settings = resolveClientSettings(options, {
    baseUrl: DEFAULT_GPTUNNEL_BASE_URL,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    service: "GPTunnel",
  });
  checkRedactableKey(settings.apiKey, "GPTunnel", settings.keyHint);
  const vendor = gptunnel(settings.keyHint);
  const credentials = {
    origin: settings.origin,
    headers: { [GPTUNNEL_AUTH.header]: `${GPTUNNEL_AUTH.prefix}${settings.apiKey}` },
  };

  async function call(
    operation: GptunnelOperation,
    target: { path: string; body?: object },
    flags: { taskId?: string; signal: CancelSignal | undefined },
  ): Promise<MidjourneyTask> {
    const { method, billedAgainIfResent: charges } = GPTUNNEL_CALLS[operation];
    const request: ApiRequest = {
      operation,
      method,
      url: `${settings.baseUrl}/${target.path}`,
      headers: target.body === undefined ? { accept: "application/json" } : JSON_HEADERS,
      body: target.body === undefined ? undefined : JSON.stringify(target.body),
      credentials,
      charges,
      taskId: flags.taskId,
    };
    const context = settings.context(vendor, flags.signal);
    const response = await sendRequest(request, context);
    let task: MidjourneyTask;
    try {
      task = parseJsonResponse(response, midjourneyTaskSchema, request, context);
    } catch (error) {
      throw charges ? withSubmittedTaskId(error, response) : error;
    }
    // The task's error text is the vendor's and may echo the key; it reaches messages further on.
    return { ...task, error: redactJson(task.error, settings.redact) };
  }

  return {
    baseUrl: settings.baseUrl,

    async imagine(prompt, { signal, useWalletBalance } = {}) {
      if (typeof prompt !== "string" || prompt.trim() === "") {
        throw new InputError("INVALID_REQUEST", "The prompt is empty: describe the image to generate.");
      }
      const body = useWalletBalance === undefined ? { prompt } : { prompt, useWalletBalance };
      return call("imagine", { path: "imagine", body }, { signal });
    },

    async result(taskId, { signal } = {}) {
      const id = checkMidjourneyTaskId(taskId);
      const path = `result?taskId=${encodeURIComponent(id)}`;
      return call("result", { path }, { taskId: id, signal });
    },

    async upsample(taskId, image, { signal } = {}) {
      const body = { taskId: checkMidjourneyTaskId(taskId), image: checkImageIndex(image) };
      return call("upsample", { path: "upsample", body }, { signal });
    },

    async variation({ taskId, image, mode }, { signal } = {}) {
      const body = {
        taskId: checkMidjourneyTaskId(taskId),
        ...(image === undefined ? {} : { image: checkImageIndex(image) }),
        ...(mode === undefined ? {} : { mode: checkMode(mode) }),
      };
      return call("variation", { path: "variation", body }, { signal });
    },

    download(url, { signal } = {}) {
      return settings.download(url, signal, credentials);
    },

    async balance({ signal, useWalletBalance } = {}) {
      // The base URL ends in `/midjourney`; the balance replaces that last segment (`/v1/balance`).
      const url = resolveHttpUrl(GPTUNNEL_BALANCE_SEGMENT, settings.baseUrl)?.href ?? settings.baseUrl;
      const request: ApiRequest = {
        operation: "balance",
        method: "GET",
        url: useWalletBalance ? `${url}?${GPTUNNEL_WALLET_PARAM}=true` : url,
        headers: { accept: "application/json" },
        credentials,
        charges: false,
      };
      const context = settings.context(vendor, signal);
      const response = await sendRequest(request, context);
      const { balance, creditLimit } = parseJsonResponse(response, gptunnelBalanceSchema, request, context);
      return { balance, creditLimit };
    },
  };
}

/**
 * A billed call answered 2xx with a body that is not a task as expected: the task may exist and be paid for.
 * If the body still names a task id, the error carries it, so the task is resumed rather than paid for again.
 */
function withSubmittedTaskId(error: unknown, response: HttpResponse): unknown {
  if (!(error instanceof ApiError) || error.taskId !== undefined) return error;
  const id = submittedTaskSchema.safeParse(parseJson(response.body)?.value).data?.id;
  if (id === undefined) return error;
  return new ApiError(error.code, `${error.message} GPTunnel named the task ${id}: resume it by its id.`, {
    cause: error,
    status: error.status,
    vendorMessage: error.vendorMessage,
    vendorType: error.vendorType,
    retryAfter: error.retryAfter,
    taskId: id,
  });
}

const submittedTaskSchema = z.object({ id: midjourneyTaskIdSchema });

const JSON_HEADERS = { accept: "application/json", "content-type": "application/json" };

function checkImageIndex(image: number): MidjourneyImageIndex {
  if (!Number.isInteger(image) || image < 1 || image > 4) {
    throw new InputError("INVALID_REQUEST", `image must be 1, 2, 3 or 4 (a quadrant of the grid), got ${image}.`);
  }
  return image as MidjourneyImageIndex;
}

function checkMode(mode: string): "high" | "low" {
  if (mode !== "high" && mode !== "low") {
    throw new InputError("INVALID_REQUEST", `mode must be "high" or "low", got "${mode}".`);
  }
  return mode;
}
