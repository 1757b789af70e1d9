import * as vscode from "vscode";
import type { ApiKeys, Vendor } from "./api-keys.js";
import type { OutputLog } from "./output-log.js";

/** Settings a key gets pasted into by mistake; declared (deprecated) only so they can be removed again. */
const KEY_SETTINGS: Readonly<Record<Vendor, string>> = {
  ideogram: "ideogram.apiKey",
  gptunnel: "gptunnel.apiKey",
};

const WORKSPACE_SCOPES = [
  ["workspaceValue", vscode.ConfigurationTarget.Workspace],
  ["workspaceFolderValue", vscode.ConfigurationTarget.WorkspaceFolder],
] as const;

/**
 * Moves a key found in the user's settings.json into SecretStorage and deletes it from the file, with a notice.
 * A key in a workspace or folder settings file is deleted too (such files get committed) but never stored: a
 * cloned repository must not be able to swap in its own key, which would send the user's images to another
 * account. Returns the vendors whose key was moved.
 */
export async function migrateSettingsKeys(keys: ApiKeys, log: OutputLog): Promise<Vendor[]> {
  const moved: Vendor[] = [];
  const dropped: string[] = [];
  const config = vscode.workspace.getConfiguration("upscale");
  for (const [vendor, setting] of Object.entries(KEY_SETTINGS) as [Vendor, string][]) {
    const inspected = config.inspect<unknown>(setting);
    if (inspected === undefined) continue;
    for (const [field, target] of WORKSPACE_SCOPES) {
      if (inspected[field] === undefined) continue;
      await config.update(setting, undefined, target);
      dropped.push(`upscale.${setting}`);
    }
    const value = inspected.globalValue;
    if (value === undefined) continue;
    await config.update(setting, undefined, vscode.ConfigurationTarget.Global);
    if (typeof value === "string" && value.trim() !== "") {
      await keys.set(vendor, value.trim());
      moved.push(vendor);
    }
  }
  const advice = "Keys in settings files can end up in backups or commits: if it was committed, revoke it.";
  if (moved.length > 0) {
    const names = moved.map((vendor) => `upscale.${KEY_SETTINGS[vendor]}`).join(" and ");
    log.info(`Moved the API key from ${names} to secret storage.`);
    void vscode.window.showWarningMessage(
      `Upscale: moved the API key from ${names} to VS Code's secret storage and removed it from settings. ${advice}`,
    );
  }
  if (dropped.length > 0) {
    log.info(`Removed an API key from the workspace settings (${[...new Set(dropped)].join(", ")}).`);
    void vscode.window.showWarningMessage(
      `Upscale: removed an API key from this workspace's settings (${[...new Set(dropped)].join(", ")}). Keys ` +
        `are never taken from a workspace: run "Upscale: Set API Key…" to use your own. ${advice}`,
    );
  }
  return moved;
}
