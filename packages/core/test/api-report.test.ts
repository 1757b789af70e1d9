import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const committed = readFileSync(new URL("../api.md", import.meta.url), "utf8");

/** The rows of one entry point's table in api.md, by name. */
function namesListed(specifier: string): string[] {
  const section = committed.split(`\n## \`${specifier}\`\n`)[1]?.split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] ?? "");
}

describe("api.md, the API reference", () => {
  it("is what scripts/api-report.mjs makes of the built package (regenerate: pnpm --filter @upscale/core api-report)", () => {
    const generated = execFileSync(process.execPath, ["scripts/api-report.mjs", "--stdout"], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(committed, "api.md is stale: run `pnpm --filter @upscale/core api-report` and commit it").toBe(generated);
  });

  it.each([
    ["@upscale/core", "dist/index.js"],
    ["@upscale/core/provider-kit", "dist/provider-kit.js"],
  ])("lists every value %s exports at run time", async (specifier, file) => {
    const module: Record<string, unknown> = await import(pathToFileURL(`${packageDir}${file}`).href);
    const listed = namesListed(specifier);
    expect(Object.keys(module).length).toBeGreaterThan(5);
    expect(Object.keys(module).filter((name) => !listed.includes(name))).toEqual([]);
  });

  it("lists the type-only exports too, each with its kind", () => {
    const row = (name: string) => committed.split("\n").find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row("UpscaleProvider")).toMatch(/^\| `UpscaleProvider` \| interface \| One upscaling backend\./);
    expect(row("UpscaleErrorCode")).toMatch(/^\| `UpscaleErrorCode` \| type \| /);
    expect(namesListed("@upscale/core/provider-kit")).toContain("ImageCodec");
  });
});
