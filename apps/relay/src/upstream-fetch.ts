import { TooLargeError } from "./limited-stream.js";

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface UpstreamRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | string;
  timeoutMs: number;
  /** The client's request: when it goes away, the upstream call is dropped too. */
  clientSignal?: AbortSignal;
}

/** Why an upstream call produced no usable answer. */
export class UpstreamFailure extends Error {
  /** A redirect's Location header (not followed here). */
  readonly location: string | undefined;

  constructor(
    readonly kind: "timeout" | "network" | "redirect" | "too-large",
    message: string,
    options?: { cause?: unknown; location?: string },
  ) {
    super(message, options);
    this.location = options?.location;
    this.name = "UpstreamFailure";
  }
}

/**
 * One upstream call with a deadline covering the whole answer (the returned body stays under the same timer),
 * redirects never followed (a 3xx is a failure: the relay only talks to the hosts it was given), and an upload
 * stream that broke its size limit reported as such.
 */
export async function fetchUpstream(fetchFn: FetchFn, request: UpstreamRequest): Promise<UpstreamAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.clientSignal === undefined ? timeout : AbortSignal.any([timeout, request.clientSignal]);
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: "manual",
      // Required by Node's fetch for a streamed request body; the upload goes out as it arrives.
      ...(request.body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    throw classify(error, timeout, request.timeoutMs);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new UpstreamFailure("redirect", "the upstream answered with a redirect, which the relay does not follow", {
      location: response.headers.get("location") ?? undefined,
    });
  }
  return { response, failure: (error) => classify(error, timeout, request.timeoutMs) };
}

export interface UpstreamAnswer {
  response: Response;
  /** Classifies an error met while reading `response.body` (still under the same deadline). */
  failure(error: unknown): UpstreamFailure;
}

function classify(error: unknown, timeout: AbortSignal, timeoutMs: number): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  if (findCause(error, (e) => e instanceof TooLargeError)) {
    return new UpstreamFailure("too-large", "the body is over the relay's size limit", { cause: error });
  }
  if (timeout.aborted) {
    return new UpstreamFailure("timeout", `the upstream did not answer within ${timeoutMs / 1000} s`, { cause: error });
  }
  return new UpstreamFailure("network", "the connection to the upstream failed", { cause: error });
}

function findCause(error: unknown, test: (e: unknown) => boolean): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 6; depth++) {
    if (test(current)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
