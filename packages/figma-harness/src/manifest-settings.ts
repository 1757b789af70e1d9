import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** The parts of manifest.json the harness enforces. */
export interface ManifestSettings {
  /** `networkAccess.allowedDomains` + `devAllowedDomains` (a development plugin may use both). */
  allowedDomains: string[] | undefined;
  /** Commands of `relaunchButtons`, the only keys `setRelaunchData` accepts. */
  relaunchCommands: string[];
  editorType: "figma" | "figjam" | "dev" | "slides";
  /** Absolute paths of `main` and `ui` (a string, or named files). */
  mainPath: string;
  uiPaths: Record<string, string>;
}

interface Manifest {
  main?: unknown;
  ui?: unknown;
  editorType?: unknown;
  networkAccess?: { allowedDomains?: unknown; devAllowedDomains?: unknown };
  relaunchButtons?: Array<{ command?: unknown }>;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];

/** Reads a plugin's manifest.json into what createFigmaFake / runPluginMain / startHarness take. */
export async function readManifestSettings(manifestPath: string): Promise<ManifestSettings> {
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  const base = dirname(resolve(manifestPath));
  if (typeof manifest.main !== "string") throw new Error(`figma-harness: ${manifestPath} has no "main"`);
  const ui = manifest.ui;
  const uiPaths: Record<string, string> = {};
  if (typeof ui === "string") uiPaths.html = resolve(base, ui);
  else if (ui && typeof ui === "object") {
    for (const [name, file] of Object.entries(ui)) if (typeof file === "string") uiPaths[name] = resolve(base, file);
  }
  const access = manifest.networkAccess;
  const editorTypes = strings(manifest.editorType);
  return {
    allowedDomains: access ? [...strings(access.allowedDomains), ...strings(access.devAllowedDomains)] : undefined,
    relaunchCommands: (manifest.relaunchButtons ?? []).map((button) => String(button.command)),
    editorType: (editorTypes[0] as ManifestSettings["editorType"] | undefined) ?? "figma",
    mainPath: resolve(base, manifest.main),
    uiPaths,
  };
}
