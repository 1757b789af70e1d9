import { readFile } from "node:fs/promises";

/** The built plugin exactly as Figma loads it: manifest.json and the files it names. */
export interface BuiltPlugin {
  code: string;
  html: string;
  manifest: {
    main: string;
    ui: string;
    networkAccess: { allowedDomains: string[]; devAllowedDomains: string[] };
    relaunchButtons: Array<{ command: string }>;
  };
  /** allowedDomains + devAllowedDomains: what a development plugin may reach. */
  allowedDomains: string[];
  relaunchCommands: string[];
}

const appRoot = new URL("../../", import.meta.url);

export async function loadBuiltPlugin(): Promise<BuiltPlugin> {
  const manifest = JSON.parse(await readFile(new URL("manifest.json", appRoot), "utf8")) as BuiltPlugin["manifest"];
  const [code, html] = await Promise.all([
    readFile(new URL(manifest.main, appRoot), "utf8"),
    readFile(new URL(manifest.ui, appRoot), "utf8"),
  ]);
  return {
    code,
    html,
    manifest,
    allowedDomains: [...manifest.networkAccess.allowedDomains, ...manifest.networkAccess.devAllowedDomains],
    relaunchCommands: manifest.relaunchButtons.map((button) => button.command),
  };
}
