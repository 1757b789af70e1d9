import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; reason: "too-large" };

/**
 * Reads a request body, keeping at most `limit` bytes. A larger body is still read to its end (and dropped) so
 * the client gets the 400 it deserves instead of a broken pipe mid-upload.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size <= limit ? { ok: true, bytes: Buffer.concat(chunks) } : { ok: false, reason: "too-large" };
}
