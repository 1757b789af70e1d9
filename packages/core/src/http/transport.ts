import type { CancelSignal } from "../runtime/cancellation.js";
/**
 * The one seam between the core and the network. Deliberately smaller than `fetch` so that a platform with a
 * restricted fetch (Figma's main thread: plain-object headers, `Uint8Array | string` bodies, no `signal`) can
 * implement it in a few lines. Cancellation never depends on the transport honouring `signal`: callers race
 * the transport against the signal themselves.
 */
export type HttpMethod = "GET" | "POST";

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Optional: a transport that can abort the socket should; one that cannot may ignore it. */
  signal?: CancelSignal;
  /**
   * The request carries no credentials, so the transport may follow redirects itself (a browser can only do it
   * that way). Otherwise redirects come back as they are, and the caller decides where credentials may go.
   */
  followRedirects?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Port: how the clients send a request (`fetchTransport`, `figmaFetchTransport`, or your own). */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;
