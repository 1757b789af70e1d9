/** The words for prices: the question before a costly run, the price beside its progress, what was spent. */

export interface RunPrice {
  /** Images the quote covers. */
  count: number;
  usdMicros: number;
  /** The most it can cost. */
  upperBoundUsdMicros: number;
  qualifier: "exact" | "estimate";
}

/** Dollars as a person reads them: "$1.20"; an amount under a cent with its own digits, "$0.0038". */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

const usdOfMicros = (micros: number) => formatUsd(micros / 1_000_000);

function images(count: number): string {
  return `${count} image${count === 1 ? "" : "s"}`;
}

/** "Upscale 12 images with Topaz Standard V2 ×4 for about $1.20 (at most $1.56)?" */
export function confirmQuestion(price: RunPrice, what: string): string {
  return (
    `Upscale ${images(price.count)} with ${what} for about ${usdOfMicros(price.usdMicros)} ` +
    `(at most ${usdOfMicros(price.upperBoundUsdMicros)})?`
  );
}

/** Beside the progress title: "$0.08", or "about $0.08, at most $0.24" for an estimate. */
export function priceNote(price: RunPrice): string {
  const { usdMicros, upperBoundUsdMicros } = price;
  if (price.qualifier === "exact" && upperBoundUsdMicros === usdMicros) return usdOfMicros(usdMicros);
  return `about ${usdOfMicros(usdMicros)}, at most ${usdOfMicros(upperBoundUsdMicros)}`;
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
  return `Upscale: ${subject} upscaled for ${formatUsd(spent)} with ${what}.`;
}
