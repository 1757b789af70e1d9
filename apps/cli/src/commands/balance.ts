import { describeGptunnelBalance } from "@upscale/core";
import type { Command } from "../parse-args.js";
import { type Plan, reportFailure } from "../plan.js";
import { midjourneyClient } from "../providers.js";

/** Ideogram documents no balance call for API keys (only billed usage, for organisation admins). */
const IDEOGRAM_NO_BALANCE =
  "Ideogram has no balance API: see your credit in your Ideogram account; --quote prices an upscale before you pay.";

/**
 * `upscale balance`: GPTunnel's balance and credit limit (roubles; the balance may go negative down to the limit),
 * read beside the Midjourney API at `--base-url`; and the word that Ideogram has no such call. Free.
 */
export async function planBalance(
  command: Extract<Command, { kind: "balance" }>,
  env: NodeJS.ProcessEnv,
): Promise<Plan> {
  const { client, key } = midjourneyClient(command.remote, env);
  return {
    total: 1,
    provider: "gptunnel",
    secrets: [key],
    run: async (context) => {
      try {
        const read = await client.balance({ signal: context.signal });
        const { balance, creditLimit } = read;
        context.print(
          { vendor: "gptunnel", balance, creditLimit, currency: "RUB" },
          `${describeGptunnelBalance(read)}.`,
        );
      } catch (error) {
        reportFailure(context, "GPTunnel balance", error);
      }
      context.print({ vendor: "ideogram", balance: null, message: IDEOGRAM_NO_BALANCE }, IDEOGRAM_NO_BALANCE);
    },
  };
}
