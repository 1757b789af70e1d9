import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  /** `target` with this proxy's origin: give it to the extension instead. */
  url: string;
  /** Every request body that passed, as text (a multipart body's JSON parts are readable in it). */
  bodies: string[];
  close(): Promise<void>;
}

/** Hop-by-hop headers, which fetch refuses or sets itself. */
const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"]);

function forwardable(headers: IncomingHttpHeaders | Headers): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string] => typeof entry[1] === "string" && !HOP_BY_HOP.has(entry[0])),
  );
}

/**
 * A loopback proxy in front of the fake APIs that records what the extension really sent, for what the fake's
 * counters cannot show (e.g. that the options typed into "Upscale Image With…" reached Ideogram's request).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const bodies: string[] = [];
  const upstream = new URL(target);
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    bodies.push(body.toString("latin1"));
    const answer = await fetch(new URL(request.url ?? "/", upstream.origin), {
      method: request.method,
      headers: forwardable(request.headers),
      body: body.length > 0 ? body : undefined,
    });
    response.writeHead(answer.status, forwardable(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString().replace(/\/$/, ""),
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
