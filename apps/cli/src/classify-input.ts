import { open, readFile } from "node:fs/promises";
import { isToolOutput } from "@upscale/core";
import { conversionTarget, IMAGE_TYPE_NAMES, type ImageFileType, sniffImageFileType } from "@upscale/core/provider-kit";
import type { Classify } from "./expand-inputs.js";

/** Enough of a file to tell its image type and what to convert it to (headers only). */
const HEAD_BYTES = 64 * 1024;

/**
 * How a folder run decides, file by file, by content: an image of a type the provider takes is upscaled — unless it
 * carries this tool's mark (an earlier result, whatever its name; a designer's own `icon@2x.png` has none); an image
 * of another type is reported with what to convert it to (the core's choice: JPEG for photos, PNG for graphics and
 * anything transparent); anything else is reported as not an image.
 */
export function classifyUpscaleInput(accepts: readonly ImageFileType[], provider: string): Classify {
  return async (file) => {
    const head = await readHead(file);
    if (head === undefined) return undefined;
    const type = sniffImageFileType(head);
    if (type === undefined) return "not an image.";
    if (accepts.includes(type)) {
      const bytes = await readFile(file).catch(() => undefined);
      return bytes !== undefined && isToolOutput(bytes)
        ? "already a result of this tool (it carries its mark); name it explicitly to upscale it again."
        : undefined;
    }
    const target = conversionTarget(head, accepts);
    const into =
      target === undefined
        ? accepts.map((accepted) => IMAGE_TYPE_NAMES[accepted]).join(", ")
        : IMAGE_TYPE_NAMES[target];
    return `${IMAGE_TYPE_NAMES[type]} images are not upscaled by --provider ${provider}: convert it to ${into} first.`;
  };
}

/** The first bytes of a file; `undefined` when it cannot be read (it is then processed, and the run says why). */
async function readHead(file: string): Promise<Uint8Array | undefined> {
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
