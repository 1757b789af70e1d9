import { describeGptunnelBalance, type GptunnelBalance } from "@upscale/core";
import * as vscode from "vscode";
import { createGptunnelClient } from "../providers.js";
import type { Services } from "../services.js";
import { readSettings } from "../settings.js";
import { showError } from "../show-error.js";

/** What Ideogram offers instead of a balance: its price before each run (its docs list no balance call). */
export const IDEOGRAM_HAS_NO_BALANCE =
  "Ideogram has no balance API: its price is shown before each run, and what a run spent after it.";

/** GPTunnel's balance (the core's words), and that Ideogram has none. */
export function balanceMessage(balance: GptunnelBalance): string {
  return `${describeGptunnelBalance(balance)}. ${IDEOGRAM_HAS_NO_BALANCE}`;
}

/** `Show Balance`: GPTunnel's balance and credit limit (free), and that Ideogram has none to show. */
export async function showBalanceCommand(services: Services): Promise<void> {
  const actions = services.errorActions("gptunnel", () => showBalanceCommand(services));
  try {
    const client = await createGptunnelClient(readSettings(), services.keys);
    const balance = await client.balance();
    services.log.info(`GPTunnel balance ${balance.balance}, credit limit ${balance.creditLimit}.`);
    void vscode.window.showInformationMessage(`Upscale: ${balanceMessage(balance)}`);
  } catch (error) {
    await showError(error, actions, { billed: false, prefix: "GPTunnel balance" });
  }
}
