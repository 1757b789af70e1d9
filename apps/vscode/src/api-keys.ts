import * as vscode from "vscode";

/** The two vendors that take a key; GPTunnel is how Midjourney is reached. */
export type Vendor = "ideogram" | "gptunnel";

export const VENDORS: Readonly<Record<Vendor, { label: string; detail: string }>> = {
  ideogram: { label: "Ideogram", detail: "Ideogram Upscale (or a relay's key with bearer auth)" },
  gptunnel: { label: "GPTunnel (Midjourney)", detail: "Midjourney imagine, upsample and variation" },
};

const secretName = (vendor: Vendor) => `upscale.apiKey.${vendor}`;

/** API keys, in VS Code's SecretStorage only (the OS keychain on desktop): never in settings, never logged. */
export class ApiKeys {
  readonly #secrets: vscode.SecretStorage;
  /** Every key this session has seen, so logs and messages can mask it. */
  readonly #seen = new Set<string>();

  constructor(secrets: vscode.SecretStorage) {
    this.#secrets = secrets;
  }

  async get(vendor: Vendor): Promise<string | undefined> {
    const key = (await this.#secrets.get(secretName(vendor)))?.trim();
    if (key) this.#seen.add(key);
    return key || undefined;
  }

  async set(vendor: Vendor, key: string): Promise<void> {
    this.#seen.add(key.trim());
    await this.#secrets.store(secretName(vendor), key.trim());
  }

  async clear(vendor: Vendor): Promise<void> {
    await this.#secrets.delete(secretName(vendor));
  }

  /** Keys to mask in anything shown or logged. */
  known(): string[] {
    return [...this.#seen];
  }
}

/** Why a pasted key cannot be one, or undefined when it can: keys are printable ASCII without spaces. */
export function validateKey(value: string): string | undefined {
  const key = value.trim();
  if (key === "") return "Paste the key, or press Escape to cancel.";
  if (/[^!-~]/.test(key)) return "A key has no spaces, line breaks or non-ASCII characters: copy it again.";
  return undefined;
}

/** `Set API Key…`: which vendor (unless given), then the key in a password box. */
export async function setApiKeyCommand(keys: ApiKeys, vendor?: Vendor): Promise<boolean> {
  const chosen = vendor ?? (await pickVendor("Set the API key for…"));
  if (chosen === undefined) return false;
  const key = await vscode.window.showInputBox({
    title: `${VENDORS[chosen].label} API key`,
    prompt: "Stored in VS Code's secret storage, never in settings.",
    password: true,
    ignoreFocusOut: true,
    validateInput: validateKey,
  });
  if (key === undefined) return false;
  await keys.set(chosen, key);
  void vscode.window.showInformationMessage(`Upscale: ${VENDORS[chosen].label} API key saved.`);
  return true;
}

/** `Clear API Key`. */
export async function clearApiKeyCommand(keys: ApiKeys): Promise<void> {
  const vendor = await pickVendor("Clear the API key of…");
  if (vendor === undefined) return;
  await keys.clear(vendor);
  void vscode.window.showInformationMessage(`Upscale: ${VENDORS[vendor].label} API key removed.`);
}

async function pickVendor(title: string): Promise<Vendor | undefined> {
  const items = (Object.keys(VENDORS) as Vendor[]).map((vendor) => ({ vendor, ...VENDORS[vendor] }));
  return (await vscode.window.showQuickPick(items, { title }))?.vendor;
}
