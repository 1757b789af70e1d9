import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `@upscale/core/vendor-facts` is what the relay loads at run time: it must stay free of zod and of the rest of
 * the core. Its files may import only each other's types.
 */
const FOLDER = fileURLToPath(new URL("../src/vendor-facts/", import.meta.url));

describe("vendor facts", () => {
  it("import nothing at run time", () => {
    const sources = readdirSync(FOLDER).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
    expect(sources).toContain("index.ts");
    const imports = sources.flatMap((name) =>
      [...readFileSync(`${FOLDER}${name}`, "utf8").matchAll(/^(import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map(
        ([statement = "", , from = ""]) => ({ name, typeOnly: /^(import|export) type\b/.test(statement), from }),
      ),
    );
    const runtime = imports.filter(
      ({ name, typeOnly, from }) => !typeOnly && !(name === "index.ts" && from.startsWith("./")),
    );
    expect(runtime).toEqual([]);
    expect(imports.every(({ from }) => from.startsWith("./"))).toBe(true);
  });
});
