import type { CancelSignal } from "../../src/runtime/cancellation.js";
import type { Clock } from "../../src/runtime/clock.js";
import { systemClock } from "../../src/runtime/clock.js";

/**
 * A real clock that runs `speedUp` times faster than the wall clock, and remembers every sleep asked of it.
 * The fake's tasks age in wall time, so a poller on this clock waits in fewer real milliseconds while still
 * seeing real progress; and a test can check that a `Retry-After` was honoured by looking at `sleeps`
 * instead of timing anything.
 */
export class ScaledClock implements Clock {
  /** Every sleep requested, in clock milliseconds, in the order asked (finished or cut short). */
  readonly sleeps: number[] = [];
  readonly #speedUp: number;
  readonly #origin = Date.now();

  constructor(speedUp = 1) {
    this.#speedUp = speedUp;
  }

  now(): number {
    return this.#origin + (Date.now() - this.#origin) * this.#speedUp;
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    this.sleeps.push(ms);
    return systemClock.sleep(ms / this.#speedUp, signal);
  }

  after(ms: number, callback: () => void): () => void {
    return systemClock.after(ms / this.#speedUp, callback);
  }
}
