import { vendorExamples } from "@upscale/fake-apis";
import type { HttpRequest, HttpResponse, HttpTransport } from "../src/http/transport.js";
import { abortError } from "../src/outcome/errors.js";

/** What the scripted server does with one request. */
export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { error: unknown }
  /** Never answers; rejects only if the request's signal aborts (like fetch). */
  | { hang: true }
  | ((request: HttpRequest) => HttpResponse | Promise<HttpResponse>);

export interface ScriptedTransport extends HttpTransport {
  /** Every request received, in order, including those past the end of the script. */
  readonly requests: HttpRequest[];
}

/**
 * A transport that answers from a list, one step per request. A request past the end of the script fails
 * loudly, so a test sees any retry or re-send it did not expect.
 */
export function scriptedTransport(steps: readonly Step[]): ScriptedTransport {
  const requests: HttpRequest[] = [];
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    const step = steps[requests.length - 1];
    if (step === undefined) {
      throw new Error(`Unscripted request #${requests.length}: ${request.method} ${request.url}`);
    }
    if (typeof step === "function") return step(request);
    if ("error" in step) throw step.error;
    if ("hang" in step) {
      return new Promise<never>((_resolve, reject) => {
        request.signal?.addEventListener("abort", () => reject(abortError(request.signal)), { once: true });
      });
    }
    return response(step.status, step.body, step.headers);
  };
  return Object.assign(transport, { requests });
}

/** A response; an object body is sent as JSON, a string as text. */
export function response(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  const bytes =
    body instanceof Uint8Array
      ? body
      : new TextEncoder().encode(body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
  return { status, headers, body: bytes };
}

/** A GPTunnel task object as the seed shows it; `overrides` change single fields. */
export function midjourneyTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...vendorExamples.gptunnel.upsampleCreated, ...overrides };
}

/** A GPTunnel (OpenAI-style) error body. */
export function gptunnelError(message: string, type?: string): Record<string, unknown> {
  return { error: { message, type, param: null, code: null } };
}
