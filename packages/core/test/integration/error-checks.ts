import { inspect } from "node:util";
import { expect } from "vitest";

/** The rejection of `promise`; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`Expected a rejection, got ${inspect(value, { depth: 1 })}`);
    },
    (error: unknown) => error,
  );
}

/** Asserts that no key appears anywhere a program could print or ship an error: message, JSON, inspection. */
export function expectNoKeyIn(error: unknown, keys: readonly string[]): void {
  const visible = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join("\n");
  for (const key of keys) expect(visible).not.toContain(key);
}
