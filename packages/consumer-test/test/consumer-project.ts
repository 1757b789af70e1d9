import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The packages a consumer installs, packed from this workspace. */
export const PACKAGES = ["@upscale/core", "@upscale/local"] as const;
export type PackageName = (typeof PACKAGES)[number];

/** Where each README's quick start is written in the consumer project, to be run as written. */
export const README_QUICK_STARTS: Readonly<Record<PackageName, string>> = {
  "@upscale/core": "quick-start-core.mjs",
  "@upscale/local": "quick-start-local.mjs",
};

/** What the global setup hands every test file. */
export interface ConsumerProject {
  /** The fresh project outside the workspace, with both tarballs installed and the consumers beside them. */
  dir: string;
  tarballs: Record<PackageName, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    consumer: ConsumerProject;
  }
}

/** The script a dev dependency installs as command `name` (by its package.json: few export their bin files). */
export function binOf(packageName: string, name: string): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  const file = bin[name];
  if (file === undefined) throw new Error(`${packageName} has no command ${name}`);
  return join(dirname(manifest), file);
}
