import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/vscode, found from wherever this module runs (its source, or the bundled benchmark). */
function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "upscale-vscode") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("apps/vscode not found above this module");
    dir = parent;
  }
}

export const APP_ROOT = findAppRoot();
