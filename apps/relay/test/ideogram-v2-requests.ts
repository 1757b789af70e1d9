import { expect } from "vitest";
import { makePng } from "./png-fixture.js";

/** Ideogram v2 calls as a relay-style client makes them: `Authorization: Bearer`, under `<relay>/ideogram`. */
export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** The multipart body of a v2 upscale: `image` (a `side`×`side` PNG) and any other fields. */
export function v2Form(fields: Record<string, string> = {}, side = 16): FormData {
  const form = new FormData();
  form.set("image", new Blob([makePng(side, side)], { type: "image/png" }), "input.png");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

export function postV2(
  relayUrl: string,
  model: string,
  headers: Record<string, string>,
  options: { fields?: Record<string, string>; query?: string; side?: number } = {},
): Promise<Response> {
  return fetch(`${relayUrl}/ideogram/v2/image/upscale/${model}${options.query ?? ""}`, {
    method: "POST",
    headers,
    body: v2Form(options.fields, options.side),
  });
}

export const readGeneration = (relayUrl: string, id: string, headers: Record<string, string>) =>
  fetch(`${relayUrl}/ideogram/v2/generations/${id}`, { headers });

/** Reads a generation through the relay until it is no longer pending (10 s at most, so a fault fails, not hangs). */
// biome-ignore lint/suspicious/noExplicitAny: tests read vendor JSON field by field and assert on it.
export async function settledGeneration(relayUrl: string, id: string, headers: Record<string, string>): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await readGeneration(relayUrl, id, headers);
    expect(response.status).toBe(200);
    const body = await response.json();
    if (body.status !== "pending") return body;
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
