import { afterEach, expect, test } from "vitest";
import * as vscode from "vscode";
import { activateInWorkspace, eventually, type Workspace } from "../test/extension-harness.js";
import { ConfigurationTarget, fake } from "../test/fake-vscode.js";

let ws: Workspace;
afterEach(() => ws.cleanup());

test("a key in user settings moves to SecretStorage and leaves settings, with a notice", async () => {
  ws = await activateInWorkspace({});
  const config = vscode.workspace.getConfiguration("upscale");
  await config.update("ideogram.apiKey", "user-level-key-123", ConfigurationTarget.Global);
  await eventually(() => fake.messages("warning").length > 0);
  expect(ws.context.storedSecrets.get("upscale.apiKey.ideogram")).toBe("user-level-key-123");
  expect(fake.settingIn("upscale.ideogram.apiKey", ConfigurationTarget.Global)).toBeUndefined();
  const notices = fake.messages("warning").map((m) => m.text);
  expect(notices.join("\n")).toMatch(/moved the API key from upscale\.ideogram\.apiKey to VS Code's secret storage/);
  expect(notices.join("\n")).not.toContain("user-level-key-123");
});

test("a key in workspace settings is removed but never stored: a repository cannot swap in its key", async () => {
  ws = await activateInWorkspace({});
  await ws.context.secrets.store("upscale.apiKey.gptunnel", "my-own-key-000");
  const config = vscode.workspace.getConfiguration("upscale");
  await config.update("gptunnel.apiKey", "planted-key-456", ConfigurationTarget.Workspace);
  await eventually(() => fake.messages("warning").length > 0);
  expect(fake.settingIn("upscale.gptunnel.apiKey", ConfigurationTarget.Workspace)).toBeUndefined();
  expect(ws.context.storedSecrets.get("upscale.apiKey.gptunnel")).toBe("my-own-key-000");
  expect(fake.messages("warning")[0]?.text).toMatch(/removed an API key from this workspace's settings/);
  expect(fake.messages("warning")[0]?.text).not.toContain("planted-key-456");
});

test("found at activation: a key already in settings.json is moved before any command runs", async () => {
  fake.reset();
  fake.setting("upscale.ideogram.apiKey", "left-in-settings-789");
  ws = await activateInWorkspace({}, { keepSettings: true });
  await eventually(() => ws.context.storedSecrets.get("upscale.apiKey.ideogram"));
  expect(fake.settingIn("upscale.ideogram.apiKey", ConfigurationTarget.Global)).toBeUndefined();
});

test("Set API Key… stores the key in SecretStorage only; Clear API Key removes it", async () => {
  ws = await activateInWorkspace({});
  const vendor = (label: string) => (call: { items: { label: string }[] }) => call.items.find((i) => i.label === label);
  fake.script(vendor("GPTunnel (Midjourney)"), "  secret-key-abc  ");
  await vscode.commands.executeCommand("upscale.setApiKey");
  expect(ws.context.storedSecrets.get("upscale.apiKey.gptunnel")).toBe("secret-key-abc");
  expect(fake.messages("inputBox")[0]?.options).toMatchObject({ password: true });
  fake.script(vendor("GPTunnel (Midjourney)"));
  await vscode.commands.executeCommand("upscale.clearApiKey");
  expect(ws.context.storedSecrets.has("upscale.apiKey.gptunnel")).toBe(false);
});
