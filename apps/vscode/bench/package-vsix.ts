import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { APP_ROOT } from "../test/app-root.js";

/** Builds the .vsix (universal, or native for a VS Code target) and returns its path. */
export function packageVsix(target?: string): string {
  const args = [join(APP_ROOT, "scripts/package.mjs"), ...(target ? ["--target", target] : [])];
  const printed = execFileSync(process.execPath, args, { encoding: "utf8" }).trim().split("\n").at(-1) ?? "";
  return printed.replace(/ \(.*\)$/, "");
}
