import { prepareUpload } from "../image/prepare-upload.js";
import { type BatchResult, runBatch } from "../jobs/run-batch.js";
import { InputError } from "../outcome/errors.js";
import type { CancelSignal } from "../runtime/cancellation.js";
import { formatUsd } from "../vendor-facts/usd-micros.js";
import type { IdeogramPriceQuote, IdeogramV2Client } from "./ideogram-v2-client.js";
import type { IdeogramV2UpscaleRequest } from "./ideogram-v2-request.js";

/** Quotes are free and run nothing, so they take no place among the images in progress. */
const DEFAULT_QUOTE_CONCURRENCY = 4;

/** The price of a batch: each input's quote, and the sums over those that could be quoted. */
export interface IdeogramBatchQuote {
  /** In input order. A rejected one was refused before sending (bad input, an output too large) or failed. */
  quotes: BatchResult<IdeogramPriceQuote>[];
  usdMicros: number;
  /** The most the quoted inputs can cost: the sum of the upper bounds (of the prices, for exact quotes). */
  upperBoundUsdMicros: number;
  /** `estimate` as soon as one quote is. */
  qualifier: "exact" | "estimate";
  /** Inputs without a quote: the sums leave them out, so a spending limit cannot rely on them. */
  failed: number;
  /**
   * Why quotes failed other than by their input's own refusal (InputError: not an image, an output too large — a run
   * refuses that input the same way, before paying): a key, the network, Ideogram. While one is here, the batch's
   * price is not known: nothing should be paid for on its strength.
   */
  unpriced: unknown[];
}

/**
 * The price of upscaling one input: free, never billed, never recorded. A quote is an upload too, so it goes
 * as the upscale would: without EXIF, GPS position, names, XMP, IPTC, comments or data after the image — only
 * the pixels' size matters to the price.
 */
export async function quoteUpscale(
  client: IdeogramV2Client,
  image: Uint8Array,
  request?: IdeogramV2UpscaleRequest,
  options: { signal?: CancelSignal } = {},
): Promise<IdeogramPriceQuote> {
  const { bytes } = await prepareUpload(image, undefined);
  return client.quoteUpscale(bytes, request, options);
}

/** The price of upscaling every input with the same request: each quote, and the sums. Free, never recorded. */
export async function quoteBatch(
  client: IdeogramV2Client,
  images: readonly Uint8Array[],
  request?: IdeogramV2UpscaleRequest,
  options: { signal?: CancelSignal; concurrency?: number } = {},
): Promise<IdeogramBatchQuote> {
  const { signal } = options;
  const quotes = await runBatch(images, (image) => quoteUpscale(client, image, request, { signal }), {
    concurrency: options.concurrency ?? DEFAULT_QUOTE_CONCURRENCY,
    signal,
  });
  const total: IdeogramBatchQuote = {
    quotes,
    usdMicros: 0,
    upperBoundUsdMicros: 0,
    qualifier: "exact",
    failed: 0,
    unpriced: [],
  };
  for (const quote of quotes) {
    if (quote.status === "rejected") {
      total.failed += 1;
      if (!(quote.reason instanceof InputError)) total.unpriced.push(quote.reason);
      continue;
    }
    total.usdMicros += quote.value.usdMicros;
    total.upperBoundUsdMicros += quote.value.upperBoundUsdMicros;
    if (quote.value.qualifier === "estimate") total.qualifier = "estimate";
  }
  return total;
}

/**
 * A quote (one input's or a batch's) as people read it: "$0.0384" when exact; "about $0.0484 (at most $0.1452)"
 * for an estimate that may cost more; "about $0.0484" for one without a higher bound.
 */
export function formatPrice(
  quote: Pick<IdeogramPriceQuote, "usdMicros" | "upperBoundUsdMicros" | "qualifier">,
): string {
  const price = formatUsd(quote.usdMicros);
  if (quote.qualifier === "exact") return price;
  if (quote.upperBoundUsdMicros <= quote.usdMicros) return `about ${price}`;
  return `about ${price} (at most ${formatUsd(quote.upperBoundUsdMicros)})`;
}
