import { loadSettingsAsync, saveSettingsAsync } from "@create-figma-plugin/utilities";
import type { PluginSettings } from "../shared/messages.js";
import { defaultSettings } from "./default-settings.js";

const SETTINGS_KEY = "upscale-settings";

export function loadSettings(): Promise<PluginSettings> {
  return loadSettingsAsync(defaultSettings(), SETTINGS_KEY);
}

/** Saves run one after another: two quick changes (provider, then its base URL) must not undo each other. */
let saving: Promise<unknown> = Promise.resolve();

export function saveSettings(changes: Partial<PluginSettings>): Promise<PluginSettings> {
  const saved = saving.then(async () => {
    const next = { ...(await loadSettings()), ...changes };
    await saveSettingsAsync(next, SETTINGS_KEY);
    return next;
  });
  saving = saved.catch(() => undefined);
  return saved;
}
