import type { GptunnelBalance } from "./midjourney-client.js";

/**
 * GPTunnel's balance as people read it, in roubles: "GPTunnel balance: -51.54 ₽, credit limit 15000.00 ₽ (14948.46 ₽
 * left to spend)". The balance may go negative down to the credit limit, so what is left is their sum.
 */
export function describeGptunnelBalance({ balance, creditLimit }: GptunnelBalance): string {
  const said = `GPTunnel balance: ${roubles(balance)}`;
  if (creditLimit <= 0) return `${said}, no credit limit`;
  return `${said}, credit limit ${roubles(creditLimit)} (${roubles(balance + creditLimit)} left to spend)`;
}

function roubles(amount: number): string {
  return `${amount.toFixed(2)} ₽`;
}
