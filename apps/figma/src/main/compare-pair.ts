import { UpscaleError } from "@upscale/core";
import { sniffImageType } from "@upscale/core/provider-kit";
import type { CompareImageData, ComparePayload, UpscaledSelection } from "../shared/messages.js";
import { imageHashesIn, readFillSlots } from "./capture-image-fills.js";
import { upsampleSource } from "./midjourney-nodes.js";
import { readHistory } from "./upscale-history.js";

/** The images a layer this plugin wrote can be compared: the one it came from, the one it shows. */
interface ComparePair {
  original: string;
  result: string;
  quadrant?: ComparePayload["quadrant"];
}

/** The selected layers this plugin upscaled (or upsampled beside a grid), as the UI offers Compare and Revert. */
export function upscaledSelection(selection: readonly SceneNode[]): UpscaledSelection | undefined {
  const layers = selection.filter((node) => comparePair(node) !== undefined);
  const [first] = layers;
  if (first === undefined) return undefined;
  return {
    name: first.name,
    comparable: selection.length === 1,
    revertible: layers.filter((node) => readHistory(node).some((entry) => entry.replaced)).length,
  };
}

/**
 * An upscaled layer: the image its latest upscale came from, against the one it shows (the latest upscale still
 * shown, else the latest). A Midjourney upsample: its grid, cut to the quadrant, against the upsampled image.
 */
function comparePair(node: SceneNode): ComparePair | undefined {
  const history = readHistory(node);
  const shown = imageHashesIn(readFillSlots(node) ?? []);
  if (history.length > 0) {
    const entry = history.filter((each) => shown.indexOf(each.to) !== -1).pop() ?? history[history.length - 1];
    return entry === undefined ? undefined : { original: entry.from, result: entry.to };
  }
  const upsample = upsampleSource(node);
  const [result] = shown;
  if (upsample === undefined || result === undefined) return undefined;
  return { original: upsample.hash, result, quadrant: upsample.quadrant };
}

/** What Compare shows for `node`, read from Figma's images (never the canvas): bytes and pixel sizes. */
export async function comparePayload(node: SceneNode): Promise<ComparePayload> {
  const pair = comparePair(node);
  if (pair === undefined) {
    throw new UpscaleError(
      "INVALID_REQUEST",
      `“${node.name}” was not upscaled by this plugin: there is nothing to compare.`,
    );
  }
  const [original, result] = await Promise.all([
    imageData(pair.original, `the image “${node.name}” had before`),
    imageData(pair.result, `the upscaled image of “${node.name}”`),
  ]);
  const payload: ComparePayload = { layer: node.name, original, result };
  if (pair.quadrant !== undefined) payload.quadrant = pair.quadrant;
  return payload;
}

async function imageData(hash: string, what: string): Promise<CompareImageData> {
  const image = figma.getImageByHash(hash);
  if (image === null) {
    throw new UpscaleError("UNSUPPORTED_IMAGE", `Figma no longer has ${what}, so Compare cannot show it.`);
  }
  const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
  return { bytes, mimeType: sniffImageType(bytes) ?? "image/png", width: size.width, height: size.height };
}
