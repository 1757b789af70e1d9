import { inspect } from "node:util";
import type { UpscaleError } from "../src/outcome/errors.js";

/** What `promise` rejected with; fails the test, showing the value, if it resolved instead. */
export async function failure(promise: Promise<unknown>): Promise<UpscaleError> {
  return promise.then(
    (value) => {
      throw new Error(`Expected a rejection, got ${inspect(value, { depth: 1 })}`);
    },
    (error: UpscaleError) => error,
  );
}
