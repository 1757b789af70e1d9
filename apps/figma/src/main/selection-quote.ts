import { type CancelSignal, type IdeogramV2Client, ideogramV2Capabilities, quoteBatch } from "@upscale/core";
import { type ImageCodec, wouldGrow } from "@upscale/core/provider-kit";
import type { PriceQuote } from "../shared/messages.js";
import { canvasImage } from "./canvas-images.js";
import type { IdeogramChoice } from "./clients.js";
import { FIGMA_LIMITS } from "./figma-limits.js";

/**
 * The price of upscaling these canvas images with a v2 model: Ideogram's free quote (`dry_run`) for each image an
 * upscale run would send — not those already too large for Figma to show bigger, which a run skips unpaid.
 */
export async function quoteImages(
  hashes: readonly string[],
  choice: IdeogramChoice,
  client: IdeogramV2Client,
  codec: ImageCodec,
  signal: CancelSignal,
): Promise<PriceQuote> {
  if (choice.model === "legacy") throw new Error("The legacy upscale has no price quote.");
  const request = Object.assign({ model: choice.model }, choice.request);
  // Refuses a choice the model does not take (a factor it lacks), in the words the run would use.
  const { inputTypes, nominalScale } = ideogramV2Capabilities(request);
  const images = hashes
    .map((hash) => ({ hash, image: figma.getImageByHash(hash) }))
    .filter((each): each is { hash: string; image: Image } => each.image !== null);
  const sizes = await Promise.all(images.map(({ image }) => image.getSizeAsync()));
  const sent = images.filter((_, index) =>
    wouldGrow(sizes[index] ?? { width: 0, height: 0 }, nominalScale, FIGMA_LIMITS),
  );
  if (sent.length === 0) return { state: "none" };
  const bytes = await Promise.all(sent.map(({ hash }) => canvasImage(hash, hash, inputTypes, codec).read()));
  const batch = await quoteBatch(client, bytes, request, { signal });
  const rejected = batch.quotes.find((quote) => quote.status === "rejected");
  const why = rejected?.status === "rejected" ? messageOf(rejected.reason) : undefined;
  if (why !== undefined && batch.failed === sent.length) return { state: "unavailable", message: why };
  const quote: PriceQuote = {
    state: "ready",
    usdMicros: batch.usdMicros,
    upperBoundUsdMicros: batch.upperBoundUsdMicros,
    qualifier: batch.qualifier,
    images: sent.length - batch.failed,
    unpriced: batch.failed,
  };
  if (why !== undefined) quote.note = why;
  return quote;
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
