import { loadSettingsAsync, saveSettingsAsync } from "@create-figma-plugin/utilities";
import type { PluginSettings } from "../shared/messages.js";
import { defaultSettings } from "./default-settings.js";

const SETTINGS_KEY = "upscale-settings";

/**
 * Saves run one after another, and a read waits for the saves sent before it: two quick changes (provider,
 * then its base URL) must not undo each other, and a click on Upscale right after editing the base URL must
 * use the new one.
 */
let saving: Promise<unknown> = Promise.resolve();

const read = (): Promise<PluginSettings> => loadSettingsAsync(defaultSettings(), SETTINGS_KEY);

export function loadSettings(): Promise<PluginSettings> {
  return saving.then(read);
}

export function saveSettings(changes: Partial<PluginSettings>): Promise<PluginSettings> {
  const saved = saving.then(async () => {
    const next = { ...(await read()), ...changes };
    await saveSettingsAsync(next, SETTINGS_KEY);
    return next;
  });
  saving = saved.catch(() => undefined);
  return saved;
}
