import {
  createIdeogramV2Client,
  formatPrice,
  IDEOGRAM_LEGACY_MODEL,
  ideogramModelRequest,
  quoteBatch,
} from "@upscale/core";
import { USD_MICROS } from "@upscale/core/vendor-facts";
import * as vscode from "vscode";
import type { ApiKeys } from "./api-keys.js";
import { describeIdeogramChoice, type IdeogramChoice } from "./ideogram-choice.js";
import { confirmQuestion, type RunPrice } from "./price-text.js";
import { ideogramClientOptions } from "./providers.js";
import type { UpscaleSettings } from "./settings.js";

/** An input read once, for its quote: the run then uploads exactly the bytes that were priced. */
export interface PricedSource {
  uri: vscode.Uri;
  bytes?: Uint8Array;
}

/** Whether to go on, and what to put after the progress title ("with Topaz Standard V2 ×4 for $0.0768"). */
export interface PriceDecision {
  proceed: boolean;
  titleSuffix?: string;
}

/**
 * Before an Ideogram v2 run pays for anything: its price, asked for with a free dry run per image. When the most it
 * can cost is above `upscale.confirmAboveUsd`, a modal asks first (Upscale / Cancel); otherwise the price goes beside
 * the progress. Legacy has no quote: nothing is asked. An input refused before sending (not an image, an output too
 * large) is left out: the run refuses it the same way, before sending. Any other failed quote (a key, the network)
 * is thrown: nothing runs without its price.
 */
export async function confirmPrice(
  sources: PricedSource[],
  choice: IdeogramChoice,
  settings: UpscaleSettings,
  keys: ApiKeys,
): Promise<PriceDecision> {
  if (choice.model === IDEOGRAM_LEGACY_MODEL) return { proceed: true };
  const client = createIdeogramV2Client(await ideogramClientOptions(settings, keys));
  const request = { ...ideogramModelRequest(choice.model, choice), model: choice.model };
  const what = describeIdeogramChoice(choice);
  // In the status bar: a notification would linger beside the run's own progress, or behind the question.
  const quoted = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Upscale: asking Ideogram the price of ${what}` },
    async () => {
      for (const source of sources) {
        // An input that cannot be read is left to the run, which reads it again and says why it failed.
        source.bytes = await Promise.resolve(vscode.workspace.fs.readFile(source.uri)).catch(() => undefined);
      }
      const readable = sources.flatMap((source) => (source.bytes === undefined ? [] : [source.bytes]));
      return quoteBatch(client, readable, request);
    },
  );
  // A quote that failed for another reason than its input (a key, the network): nothing runs without its price.
  const [unpriced] = quoted.unpriced;
  if (unpriced !== undefined) throw unpriced;
  const price: RunPrice = {
    count: quoted.quotes.length - quoted.failed,
    usdMicros: quoted.usdMicros,
    upperBoundUsdMicros: quoted.upperBoundUsdMicros,
    qualifier: quoted.qualifier,
  };
  if (price.count === 0) return { proceed: true };
  if (price.upperBoundUsdMicros > settings.confirmAboveUsd * USD_MICROS) {
    const answer = await vscode.window.showInformationMessage(confirmQuestion(price, what), { modal: true }, "Upscale");
    if (answer !== "Upscale") return { proceed: false };
  }
  return { proceed: true, titleSuffix: `with ${what} for ${formatPrice(price)}` };
}
