/** Dollar amounts are kept in USD micros (millionths), as Ideogram quotes and bills them: whole numbers add exactly. */
export const USD_MICROS = 1_000_000;

/** `$1.50`, or more decimals when cents would hide the amount (`$0.0125`). */
export function formatUsd(usdMicros: number): string {
  const usd = usdMicros / USD_MICROS;
  return `$${usdMicros % 10_000 === 0 ? usd.toFixed(2) : usd.toFixed(6).replace(/0+$/, "")}`;
}
