import type { RelayHonoContext } from "./relay-context.js";

/**
 * A query that may hold one flag and nothing else: no query (or `name=false`) → false, `name=true` → true,
 * anything else (another parameter, a repeated one, another value) → undefined, for the route to refuse. Routes
 * rebuild the upstream query from this answer, so nothing of the client's query travels on.
 */
export function flagQuery(c: RelayHonoContext, name: string): boolean | undefined {
  const query = c.req.queries();
  const names = Object.keys(query);
  if (names.length === 0) return false;
  const values = query[name];
  if (names.length !== 1 || values?.length !== 1) return undefined;
  return values[0] === "true" ? true : values[0] === "false" ? false : undefined;
}
