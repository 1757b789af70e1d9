import { type Cancellation, type CancelSignal, createCancellation } from "@upscale/core";
import type { PriceQuote } from "../shared/messages.js";

/** One price to ask for: `key` names what is priced (images and options), so a repeated question is answered at once. */
export interface QuoteRequest {
  key: string;
  quote(signal: CancelSignal): Promise<PriceQuote>;
}

export interface QuoteRefresher {
  /** Asks for a price once the selection and options have stayed the same for a moment; older questions are dropped. */
  request(request: QuoteRequest): void;
  /** An answer known without asking (nothing to price, a model without quotes): replaces any question on its way. */
  show(quote: PriceQuote): void;
}

/** Prices kept for repeated questions (selecting a layer again); the oldest go first. */
const CACHE_SIZE = 50;

/**
 * Keeps the UI's price up to date while the user clicks around: each change waits `delayMs` for the next one
 * (debounce), a question overtaken by a newer one is cancelled and its answer never shown, and a price once
 * quoted is remembered by its key. Quotes are free, but each one uploads the images.
 */
export function createQuoteRefresher(publish: (quote: PriceQuote) => void, delayMs = 400): QuoteRefresher {
  const cache = new Map<string, PriceQuote>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Cancellation | undefined;
  let latest = 0;

  const stop = (): number => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    inFlight?.cancel();
    inFlight = undefined;
    latest += 1;
    return latest;
  };

  const remember = (key: string, quote: PriceQuote): void => {
    cache.delete(key);
    cache.set(key, quote);
    const oldest = cache.keys().next();
    if (cache.size > CACHE_SIZE && oldest.done !== true) cache.delete(oldest.value);
  };

  return {
    show(quote) {
      stop();
      publish(quote);
    },
    request({ key, quote }) {
      const id = stop();
      const known = cache.get(key);
      if (known !== undefined) {
        publish(known);
        return;
      }
      publish({ state: "pending" });
      timer = setTimeout(() => {
        timer = undefined;
        const cancellation = createCancellation();
        inFlight = cancellation;
        quote(cancellation.signal).then(
          (answer) => {
            if (answer.state === "ready") remember(key, answer);
            if (id === latest) publish(answer);
          },
          (error: unknown) => {
            if (id !== latest || cancellation.signal.aborted) return;
            publish({ state: "unavailable", message: error instanceof Error ? error.message : String(error) });
          },
        );
      }, delayMs);
    },
  };
}
