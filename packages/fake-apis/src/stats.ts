import type { Endpoint, FaultKind } from "./scenario.js";

export interface RequestLogEntry {
  server: "api" | "images";
  /** The route's name; `"unknown"` for a path the fake does not serve. */
  endpoint: Endpoint | "unknown";
  method: string;
  /** The path without its query string (a query may carry a signature or a leaked key). */
  path: string;
  /** The status line that was sent (a reset or truncated response still sent one). */
  status: number;
  /** An `Authorization` or `Api-Key` header was present (whatever its value). */
  authHeaderPresent: boolean;
  /** The request carried an API key: an auth header, or an accepted key anywhere in its headers or URL. */
  keyPresent: boolean;
  /** The scenario faults that matched this request. */
  faults: FaultKind[];
}

/** A v2 generation Ideogram billed: it completed, whether its image was shown or withheld by the safety check. */
export interface BilledGeneration {
  generationId: string;
  model: string;
  usdMicros: number;
  /** `is_image_safe: false`: no link, still billed. */
  withheld: boolean;
}

/** An image an Ideogram route received: the bytes of the form's image part, exactly as sent. */
export interface Upload {
  endpoint: Extract<Endpoint, "upscale" | "upscale-v2" | "quote">;
  bytes: Buffer;
}

/** Counters and a request log for tests and benchmarks to assert on ("exactly one POST /upsample"). */
export class FakeStats {
  readonly log: RequestLogEntry[] = [];
  /** Every billed v2 generation, in the order they completed: exactly-once checks count these. */
  readonly billed: BilledGeneration[] = [];
  /** Every image uploaded in a well-formed request, in arrival order: what a vendor would have seen (GPS…). */
  readonly uploads: Upload[] = [];
  #inflight = 0;
  #peakInflight = 0;

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
  }

  /** How many requests reached `endpoint` (optionally with this method; preflights are `OPTIONS`). */
  count(endpoint: Endpoint | "unknown", method?: string): number {
    return this.log.filter((e) => e.endpoint === endpoint && (method === undefined || e.method === method)).length;
  }

  /** Requests to the image server refused because they carried an API key. Clients must keep this at 0. */
  get keyLeaks(): number {
    return this.log.filter((e) => e.server === "images" && e.keyPresent).length;
  }

  /** The most Ideogram images that were in progress at once (v1 requests and v2 generations). */
  get peakInflight(): number {
    return this.#peakInflight;
  }

  enterInflight(): void {
    this.#inflight += 1;
    this.#peakInflight = Math.max(this.#peakInflight, this.#inflight);
  }

  leaveInflight(): void {
    this.#inflight -= 1;
  }

  get inflight(): number {
    return this.#inflight;
  }

  /** Forgets the log, the billed generations, the uploads and the peak (images still in progress stay counted). */
  reset(): void {
    this.log.length = 0;
    this.billed.length = 0;
    this.uploads.length = 0;
    this.#peakInflight = this.#inflight;
  }
}
