import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  bodyBytes: number;
}

/** A scripted HTTP server on 127.0.0.1 that records what reached it: a misbehaving "vendor", or a bystander host. */
export interface LoopbackServer {
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void = (_req, res) => res.end("ok"),
): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => {});
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, bodyBytes: body.length });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends one raw HTTP/1.1 request (for targets `fetch` would normalise away) and returns the status line's code. */
export async function rawRequest(origin: string, head: string, body = ""): Promise<{ status: number; text: string }> {
  const { connect } = await import("node:net");
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      const length = /\r\ncontent-length:/i.test(head) ? "" : `\r\nContent-Length: ${Buffer.byteLength(body)}`;
      socket.write(`${head}\r\nConnection: close${length}\r\n\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}
