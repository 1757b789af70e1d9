import { loadSettingsAsync, saveSettingsAsync } from "@create-figma-plugin/utilities";
import type { PluginSettings } from "../shared/messages.js";
import { defaultSettings } from "./default-settings.js";

const SETTINGS_KEY = "upscale-settings";

export function loadSettings(): Promise<PluginSettings> {
  return loadSettingsAsync(defaultSettings(), SETTINGS_KEY);
}

export async function saveSettings(changes: Partial<PluginSettings>): Promise<PluginSettings> {
  const next = { ...(await loadSettings()), ...changes };
  await saveSettingsAsync(next, SETTINGS_KEY);
  return next;
}
