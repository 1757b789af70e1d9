import { formatPrice, formatUsd } from "@upscale/core";
import type { PriceQuote } from "../shared/messages.js";

/** What the Upscale button adds once a price is known: " · about $0.12". */
export function buttonPrice(quote: PriceQuote | undefined): string {
  return quote?.state === "ready" && quote.images > 0 ? ` · about ${formatUsd(quote.usdMicros)}` : "";
}

/** The line under the button: how sure the price is, what it leaves out, or why there is none. */
export function priceLine(quote: PriceQuote | undefined): string | undefined {
  switch (quote?.state) {
    case "pending":
      return "Getting the price from Ideogram (free)…";
    case "unavailable":
      return `No price: ${quote.message}`;
    case "ready": {
      const images = quote.images === 1 ? "1 image" : `${quote.images} images`;
      const price = `Ideogram quotes ${formatPrice(quote)} for ${images}.`;
      if (quote.unpriced === 0) return price;
      const unpriced = quote.unpriced === 1 ? "1 image has" : `${quote.unpriced} images have`;
      return `${price} ${unpriced} no price: ${quote.note ?? "it could not be quoted"}`;
    }
    default:
      return undefined;
  }
}
