import {
  createIdeogramV2Client,
  describeIdeogramRequest,
  formatPrice,
  formatUsd,
  type IdeogramBatchQuote,
  type IdeogramClientOptions,
  type IdeogramV2UpscaleRequest,
  ideogramV2Capabilities,
  type JobSource,
  quoteBatch,
} from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import { type Plan, type RunContext, reportFailure } from "../plan.js";
import { collectFileInputs } from "./upscale-files.js";

/** What a price asks of Ideogram: where (key included) and for which model and fields. */
export interface PriceSetup {
  client: IdeogramClientOptions;
  /** Checked against its model already. */
  request: IdeogramV2UpscaleRequest;
  key: string;
}

/**
 * `--quote`: the price of upscaling each input, and the total, from Ideogram's free dry run. Nothing is sent for
 * upscaling, nothing billed, nothing written.
 */
export async function planQuote(inputs: string[], setup: PriceSetup): Promise<Plan> {
  const found = await collectFileInputs(inputs, {
    id: "ideogram",
    capabilities: ideogramV2Capabilities(setup.request),
  });
  return {
    total: found.total,
    provider: "ideogram",
    secrets: [setup.key],
    doneWord: "quoted",
    run: async (context) => {
      found.reportSkipped(context);
      const priced = await priceInputs(found.sources, setup, context);
      for (const [i, quote] of priced.batch.quotes.entries()) {
        const input = priced.sources[i]?.id ?? "";
        if (quote.status === "rejected") {
          reportFailure(context, input, quote.reason);
          continue;
        }
        context.quoted(input, setup.request.model ?? "auto", quote.value);
      }
      const quoted = priced.sources.length - priced.batch.failed;
      if (quoted > 0) {
        const images = quoted === 1 ? "image" : "images";
        context.note(
          `Total for ${quoted} ${images} with ${describe(setup.request)}: ${formatPrice(priced.batch)}. ` +
            "Nothing was sent for upscaling; quotes are free.",
        );
      }
      found.reportUnmatched(context);
    },
  };
}

/**
 * `--max-cost`: before anything is paid for, the batch is quoted; above the limit (by its upper bound, the most it
 * can cost) or when an input cannot be priced, the whole batch is refused and nothing is sent. An input refused by
 * the local checks is left out: the run refuses it the same way, before paying.
 */
export function maxCostCheck(
  setup: PriceSetup,
  maxUsd: number,
): (sources: readonly JobSource[], context: RunContext) => Promise<boolean> {
  return async (sources, context) => {
    const priced = await priceInputs(sources, setup, context);
    const inputs = sources.map((source) => source.id);
    const { unpriced } = priced.batch;
    if (unpriced.length > 0) {
      const why = unpriced[0] instanceof Error ? unpriced[0].message : String(unpriced[0]);
      context.refused(
        inputs,
        "QUOTE_FAILED",
        `Not sent: ${count(unpriced.length)} could not be priced, so --max-cost cannot be checked (${why}). ` +
          "Nothing was paid for.",
      );
      return false;
    }
    const quoted = count(priced.sources.length - priced.batch.failed);
    const cost = `${quoted} with ${describe(setup.request)}: ${formatPrice(priced.batch)}`;
    if (priced.batch.upperBoundUsdMicros > maxUsd * USD_MICROS) {
      context.refused(
        inputs,
        "OVER_MAX_COST",
        `Not sent: ${cost}, above --max-cost ${formatUsd(maxUsd * USD_MICROS)}. Nothing was paid for: raise --max-cost, or ` +
          "choose fewer images or a cheaper model (--quote shows each price).",
      );
      return false;
    }
    context.note(`Quoted ${cost}, within --max-cost ${formatUsd(maxUsd * USD_MICROS)}.`);
    return true;
  };
}

/** The batch's quotes, for the inputs that could be read (one that cannot fails here, before any quote). */
async function priceInputs(
  sources: readonly JobSource[],
  setup: PriceSetup,
  context: RunContext,
): Promise<{ sources: JobSource[]; batch: IdeogramBatchQuote }> {
  const readable: JobSource[] = [];
  const images: Uint8Array[] = [];
  for (const source of sources) {
    try {
      images.push(await source.read());
      readable.push(source);
    } catch (error) {
      reportFailure(context, source.id, error);
    }
  }
  const client = createIdeogramV2Client(setup.client);
  const batch = await quoteBatch(client, images, setup.request, { signal: context.signal });
  return { sources: readable, batch };
}

/** "Topaz Standard V2 ×4", "Ideogram Auto ×2", "Nano Banana Pro 4K". */
function describe(request: IdeogramV2UpscaleRequest): string {
  return describeIdeogramRequest(request.model ?? "auto", request);
}

function count(images: number): string {
  return images === 1 ? "1 image" : `${images} images`;
}
