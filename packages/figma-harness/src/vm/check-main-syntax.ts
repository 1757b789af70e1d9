import { parse } from "acorn";

/**
 * Figma's main thread (QuickJS) has rejected syntax newer than ES2017 — object spread ("Unexpected token ..."),
 * `?.`, `??` — for years after the docs claimed ES2020; Node's V8 would run it happily. So the harness refuses a
 * main bundle that needs more than ES2017 syntax, which is what esbuild's `target: "es2017"` guarantees.
 */
export function checkMainSyntax(code: string, filename: string): void {
  try {
    parse(code, { ecmaVersion: 2017, sourceType: "script", allowHashBang: false });
  } catch (error) {
    const where = error as { loc?: { line: number; column: number }; message?: string };
    const at = where.loc ? `${filename}:${where.loc.line}:${where.loc.column + 1}` : filename;
    const line = where.loc ? (code.split("\n")[where.loc.line - 1] ?? "") : "";
    const excerpt = where.loc ? line.slice(Math.max(0, where.loc.column - 30), where.loc.column + 30).trim() : "";
    throw new Error(
      `figma-harness: the main bundle has syntax newer than ES2017 at ${at} (${where.message ?? error}): ` +
        `"${excerpt}". Figma's main thread rejects it; build the main bundle with esbuild target "es2017".`,
    );
  }
}
