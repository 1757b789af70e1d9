/**
 * Dollars as people read a price: cents, and up to four decimals for the fractions of a cent per-image prices have
 * ($0.0384, $0.12, $1.20).
 */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(4).replace(/0{1,2}$/, "")}`;
}

/** The vendor's micro-dollars (`usd_micros`) in dollars. */
export function usdOfMicros(micros: number): number {
  return micros / 1_000_000;
}
