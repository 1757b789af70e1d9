import { formatPrice, formatUsd } from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";

/** The words for prices (each amount in the core's words): the question before a costly run, what was spent. */

export interface RunPrice {
  /** Images the quote covers. */
  count: number;
  usdMicros: number;
  /** The most it can cost. */
  upperBoundUsdMicros: number;
  qualifier: "exact" | "estimate";
}

function images(count: number): string {
  return `${count} image${count === 1 ? "" : "s"}`;
}

/** "Upscale 12 images with Topaz Standard V2 ×4 for about $1.20 (at most $1.56)?" */
export function confirmQuestion(price: RunPrice, what: string): string {
  return `Upscale ${images(price.count)} with ${what} for ${formatPrice(price)}?`;
}

/** The sum of what each result cost, or undefined when none says (offline, legacy). */
export function spentUsd(costs: readonly (number | undefined)[]): number | undefined {
  const known = costs.filter((cost): cost is number => cost !== undefined);
  return known.length === 0 ? undefined : known.reduce((sum, cost) => sum + cost, 0);
}

/**
 * "Upscale: 3 images upscaled for $0.12 with Topaz Standard V2 ×4." (`done`: the one file's name, or a count). The
 * amount comes early: a toast shows the first line only.
 */
export function spentMessage(done: string | number, what: string, spent: number): string {
  const subject = typeof done === "number" ? images(done) : done;
  return `Upscale: ${subject} upscaled for ${formatUsd(spent * USD_MICROS)} with ${what}.`;
}
