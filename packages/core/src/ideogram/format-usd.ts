const USD_MICROS = 1_000_000;

/**
 * A price in US dollars as people read it: cents for a cent or more ("$0.12", "$1.20"), one significant digit
 * below that ("$0.004"), so a small quote never reads as free.
 */
export function formatUsd(usdMicros: number): string {
  const usd = usdMicros / USD_MICROS;
  if (usd === 0 || Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(1))}`;
}
