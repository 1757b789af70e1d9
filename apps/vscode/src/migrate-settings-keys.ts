import * as vscode from "vscode";
import type { ApiKeys, Vendor } from "./api-keys.js";

/** Settings a key gets pasted into by mistake; declared (deprecated) only so they can be removed again. */
const KEY_SETTINGS: Readonly<Record<Vendor, string>> = {
  ideogram: "ideogram.apiKey",
  gptunnel: "gptunnel.apiKey",
};

const SCOPES = [
  ["globalValue", vscode.ConfigurationTarget.Global],
  ["workspaceValue", vscode.ConfigurationTarget.Workspace],
  ["workspaceFolderValue", vscode.ConfigurationTarget.WorkspaceFolder],
] as const;

/**
 * Moves any key found in settings.json (user, workspace or folder) into SecretStorage and deletes it from the
 * settings, then says so. A workspace settings file may be committed: a key there is a leak waiting to happen.
 * Returns the vendors whose key was moved.
 */
export async function migrateSettingsKeys(keys: ApiKeys): Promise<Vendor[]> {
  const moved: Vendor[] = [];
  const config = vscode.workspace.getConfiguration("upscale");
  for (const [vendor, setting] of Object.entries(KEY_SETTINGS) as [Vendor, string][]) {
    const inspected = config.inspect<unknown>(setting);
    if (inspected === undefined) continue;
    let found: string | undefined;
    for (const [field, target] of SCOPES) {
      const value = inspected[field];
      if (value === undefined) continue;
      // The most specific scope wins, as it would for any setting.
      if (typeof value === "string" && value.trim() !== "") found = value.trim();
      await config.update(setting, undefined, target);
    }
    if (found !== undefined) {
      await keys.set(vendor, found);
      moved.push(vendor);
    }
  }
  if (moved.length > 0) {
    const names = moved.map((vendor) => `upscale.${KEY_SETTINGS[vendor]}`).join(" and ");
    void vscode.window.showWarningMessage(
      `Upscale: moved the API key from ${names} to VS Code's secret storage and removed it from settings. ` +
        "Keys in settings files can end up in backups or commits: if it was committed, revoke it.",
    );
  }
  return moved;
}
