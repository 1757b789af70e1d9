/** Ideogram quotes and bills in USD micros (millionths of a dollar, `usd_micros`): whole numbers, so sums are exact. */
export const USD_MICROS = 1_000_000;

/**
 * An amount of US dollars given in micros, as people read a price: cents ("$0.12", "$1.20"), and more decimals
 * only when cents would hide part of it ("$0.0384", "$0.0034", "$0.000001"). Never rounded: a price is never
 * shown as less than it is, nor a small one as free. The one way every app and the relay write an amount.
 */
export function formatUsd(usdMicros: number): string {
  const micros = Math.round(usdMicros);
  const whole = Math.abs(micros);
  const cents = String(whole % USD_MICROS)
    .padStart(6, "0")
    .replace(/0{1,4}$/, "");
  return `${micros < 0 ? "-" : ""}$${Math.floor(whole / USD_MICROS)}.${cents}`;
}
