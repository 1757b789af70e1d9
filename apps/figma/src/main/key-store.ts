import { createRedactor } from "@upscale/core";
import type { KeyService, MaskedKeys } from "../shared/messages.js";
import { maskKey } from "./mask-key.js";

/**
 * API keys live in `figma.clientStorage` (per user and machine, "private, for stability, not security" per
 * Figma), under their own names, apart from the settings: they never go to the UI or into a message.
 */
const storageName = (service: KeyService): string => `upscale-key-${service}`;

export async function readKey(service: KeyService): Promise<string | undefined> {
  const value: unknown = await figma.clientStorage.getAsync(storageName(service));
  return typeof value === "string" && value !== "" ? value : undefined;
}

export async function writeKey(service: KeyService, key: string): Promise<void> {
  await figma.clientStorage.setAsync(storageName(service), key.trim());
}

export async function clearKey(service: KeyService): Promise<void> {
  await figma.clientStorage.deleteAsync(storageName(service));
}

export async function maskedKeys(): Promise<MaskedKeys> {
  return { ideogram: maskKey(await readKey("ideogram")), gptunnel: maskKey(await readKey("gptunnel")) };
}

/** Masks both stored keys in a text (failure reports): a message that echoes one never reaches the UI. */
export async function keyRedactor(): Promise<(text: string) => string> {
  const keys = [await readKey("ideogram"), await readKey("gptunnel")];
  return createRedactor(keys.filter((key): key is string => key !== undefined));
}
