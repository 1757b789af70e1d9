import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ResultHost {
  /** The address that serves `bytes`, with CORS for the plugin's null origin. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback image host for results the fake APIs do not make (a WebP), linked through the fake's
 * `images.resultLink` scenario, so the plugin downloads it as it would from a vendor's CDN.
 */
export async function serveResult(bytes: Uint8Array, contentType: string): Promise<ResultHost> {
  const server: Server = createServer((request, response) => {
    response.writeHead(200, {
      "content-type": contentType,
      "content-length": String(bytes.length),
      "access-control-allow-origin": "*",
    });
    response.end(request.method === "HEAD" ? undefined : Buffer.from(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/result`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
