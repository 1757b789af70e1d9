import { inspect } from "node:util";
import { expect } from "vitest";

/** Asserts that no key appears anywhere a program could print or ship an error: message, JSON, inspection. */
export function expectNoKeyIn(error: unknown, keys: readonly string[]): void {
  const visible = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join("\n");
  for (const key of keys) expect(visible).not.toContain(key);
}
