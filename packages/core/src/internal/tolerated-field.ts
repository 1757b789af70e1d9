import type * as z from "zod";

/**
 * For response fields a client only shows or passes on: an unexpected value there reads as absent, so a
 * vendor's small change cannot turn a paid success into an error that loses the result.
 */
export function tolerated<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}
