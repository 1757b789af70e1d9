import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { FetchFn } from "./upstream-fetch.js";

// Kept-alive connections, as the global fetch pools them.
const agents = { "http:": new HttpAgent({ keepAlive: true }), "https:": new HttpsAgent({ keepAlive: true }) };

/**
 * The Node entry's upstream fetch, on node:http(s). Node 20's global fetch keeps every chunk of a streamed
 * request body alive until the socket has flushed it, so each stalled upload would pin ~4 MB in the relay;
 * here each chunk is written only after the previous one drained, and the relay holds a chunk or so per
 * upload. Redirects are never followed (node:http does not), as `fetchUpstream` requires.
 */
export const nodeHttpFetch: FetchFn = (input, init) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const agent = url.protocol === "https:" ? agents["https:"] : agents["http:"];
    const signal = init.signal ?? undefined;
    const req = send(url, {
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string> | undefined,
      agent,
      signal,
    });
    req.once("error", (error) => reject(signal?.aborted ? (signal.reason ?? error) : error));
    req.once("response", (res) => resolve(toResponse(res)));
    const body = init.body;
    if (body instanceof ReadableStream) {
      void pump(body, req).catch((error: unknown) =>
        req.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    } else if (typeof body === "string" || body instanceof Uint8Array) {
      req.end(body);
    } else {
      req.end();
    }
  });

async function pump(body: ReadableStream<Uint8Array>, req: ReturnType<typeof httpRequest>): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!req.write(value)) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = () => {
            req.off("close", onClose);
            resolve();
          };
          const onClose = () => {
            req.off("drain", onDrain);
            reject(new Error("the upstream connection closed during the upload"));
          };
          req.once("drain", onDrain);
          req.once("close", onClose);
        });
      }
    }
    req.end();
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    throw error;
  }
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? "");
    } catch {
      // A header value fetch would refuse is one the relay has no use for.
    }
  }
  const status = res.statusCode ?? 502;
  const empty = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (empty) res.resume();
  const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage, headers });
}
