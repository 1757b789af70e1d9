import { UpscaleError } from "@upscale/core";
import { type ImageCodec, sniffImageType } from "@upscale/core/provider-kit";
import type { CodecRequest } from "../shared/messages.js";
import { listen, send } from "./bridge.js";

/**
 * The core's `ImageCodec` port for Figma's main thread, which cannot decode images: each request goes to the
 * UI iframe, whose canvas re-encodes, resizes and turns images upright (`src/ui/canvas-codec.ts`), and the bytes
 * come back. Transparency is not measured or put back here (a canvas premultiplies alpha); the core says so.
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
  const request = (codec: Omit<CodecRequest, "id">) => {
    const id = nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      send("codec", { id, ...codec });
    });
  };
  return {
    transform: (bytes, target) =>
      request({ bytes, mimeType: target.mimeType, width: target.width, height: target.height }),
    // A photo goes to a vendor upright: vendors ignore the EXIF orientation, so it would come back sideways.
    upright(bytes) {
      const mimeType = sniffImageType(bytes);
      if (mimeType === undefined)
        return Promise.reject(new UpscaleError("UNSUPPORTED_IMAGE", "Not a PNG, JPEG or WebP."));
      return request({ bytes, mimeType, upright: true });
    },
  };
}
