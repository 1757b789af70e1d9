import type { CancelSignal } from "@upscale/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PriceQuote } from "../shared/messages.js";
import { createQuoteRefresher } from "./quote-refresher.js";

const price = (usdMicros: number): PriceQuote => ({
  state: "ready",
  usdMicros,
  upperBoundUsdMicros: usdMicros,
  qualifier: "exact",
  images: 1,
  unpriced: 0,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createQuoteRefresher", () => {
  it("asks once the changes stop, and shows only the newest answer", async () => {
    const shown: PriceQuote[] = [];
    const refresher = createQuoteRefresher((quote) => shown.push(quote), 400);
    const asked: string[] = [];
    const signals: CancelSignal[] = [];
    let answerFirst: (quote: PriceQuote) => void = () => undefined;
    refresher.request({
      key: "a",
      quote: (signal) => {
        asked.push("a");
        signals.push(signal);
        return new Promise((resolve) => {
          answerFirst = resolve;
        });
      },
    });
    await vi.advanceTimersByTimeAsync(400);
    expect(asked).toEqual(["a"]);

    // The selection changes while "a" is being priced, then twice more within the delay.
    for (const key of ["b", "c"]) {
      refresher.request({
        key,
        quote: async () => {
          asked.push(key);
          return price(key === "b" ? 2 : 3);
        },
      });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(signals[0]?.aborted).toBe(true);
    answerFirst(price(1));
    await vi.advanceTimersByTimeAsync(400);
    expect(asked).toEqual(["a", "c"]);
    expect(shown).toEqual([{ state: "pending" }, { state: "pending" }, { state: "pending" }, price(3)]);
  });

  it("answers a question asked before from memory, and a fixed answer replaces one on its way", async () => {
    const shown: PriceQuote[] = [];
    const refresher = createQuoteRefresher((quote) => shown.push(quote), 400);
    const quote = vi.fn(async () => price(5));
    refresher.request({ key: "a", quote });
    await vi.advanceTimersByTimeAsync(400);
    refresher.request({ key: "b", quote: async () => price(6) });
    refresher.show({ state: "none" });
    await vi.advanceTimersByTimeAsync(400);
    refresher.request({ key: "a", quote });
    expect(quote).toHaveBeenCalledTimes(1);
    expect(shown).toEqual([{ state: "pending" }, price(5), { state: "pending" }, { state: "none" }, price(5)]);
  });

  it("says why there is no price when the quote fails, and forgets failures", async () => {
    const shown: PriceQuote[] = [];
    const refresher = createQuoteRefresher((quote) => shown.push(quote), 10);
    const failing = { key: "a", quote: vi.fn(async (): Promise<PriceQuote> => Promise.reject(new Error("No key."))) };
    refresher.request(failing);
    await vi.advanceTimersByTimeAsync(10);
    refresher.request(failing);
    await vi.advanceTimersByTimeAsync(10);
    expect(failing.quote).toHaveBeenCalledTimes(2);
    expect(shown.at(-1)).toEqual({ state: "unavailable", message: "No key." });
  });
});
