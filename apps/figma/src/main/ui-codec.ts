import { UpscaleError } from "@upscale/core";
import type { ImageCodec } from "@upscale/core/provider-kit";
import { listen, send } from "./bridge.js";

/**
 * The core's `ImageCodec` port for Figma's main thread, which cannot decode images: each request goes to the
 * UI iframe, whose canvas re-encodes and resizes (`src/ui/canvas-codec.ts`), and the bytes come back.
 */
export function uiCodec(): ImageCodec {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: UpscaleError) => void }>();
  listen("codec-result", ({ id, bytes, error }) => {
    const pending = waiting.get(id);
    if (pending === undefined) return;
    waiting.delete(id);
    if (bytes !== undefined) pending.resolve(bytes);
    else pending.reject(new UpscaleError("UNSUPPORTED_IMAGE", error ?? "The image could not be converted to PNG."));
  });
  return {
    transform(bytes, target) {
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        send("codec", { id, bytes, mimeType: target.mimeType, width: target.width, height: target.height });
      });
    },
  };
}
