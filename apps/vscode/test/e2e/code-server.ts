/**
 * A real VS Code (code-server 4.100.3 = VS Code 1.100.3) for the end-to-end suite, set up as
 * shared/notes/platforms-and-tooling.md describes: installed once outside the workspace by
 * scripts/install-code-server.sh, then per run fresh user-data, extensions and XDG folders, the .vsix installed
 * with the real CLI, and the server in its own process group so stopping it also stops its file watchers.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { APP_ROOT } from "../app-root.js";
import { pollUntil } from "./poll.js";

const run = promisify(execFile);

export interface CodeServer {
  url: string;
  workspace: string;
  userData: string;
  /** Replaces the user settings: read at start-up only (code-server does not watch that file). */
  writeUserSettings(settings: Record<string, unknown>): Promise<void>;
  /**
   * Replaces the workspace's .vscode/settings.json, which VS Code's file watcher picks up about a second later:
   * poll for the effect.
   */
  writeWorkspaceSettings(settings: Record<string, unknown>): Promise<void>;
  /** Everything the server printed, to attach to a failure. */
  output(): string;
  /** The extension's "Upscale" output channel, as VS Code writes it to the user-data logs (every window session). */
  extensionLog(): Promise<string>;
  stop(): Promise<void>;
}

export const BASE_SETTINGS = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  // The fake APIs listen on loopback ports: without this, "Your application running on port … is available"
  // toasts cover the extension's own notifications.
  "remote.autoForwardPorts": false,
};

/** The install script's folder (idempotent: instant once installed). */
async function installCodeServer(): Promise<string> {
  const { stdout } = await run("bash", [join(APP_ROOT, "scripts/install-code-server.sh")], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const dir = stdout.trim().split("\n").at(-1);
  if (!dir) throw new Error("install-code-server.sh printed no folder");
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startCodeServer(options: {
  vsix: string;
  files: Record<string, Uint8Array>;
  /** User settings from the start. */
  settings?: Record<string, unknown>;
}): Promise<CodeServer> {
  const installDir = await installCodeServer();
  const bin = join(installDir, "node_modules/.bin/code-server");
  const root = await mkdtemp(join(tmpdir(), "upscale-vscode-e2e-"));
  const userData = join(root, "user-data");
  const extensions = join(root, "extensions");
  const workspace = join(root, "workspace");
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(root, "xdg-config"),
    XDG_DATA_HOME: join(root, "xdg-data"),
    // The extension host inherits this environment: nothing of the test's own may leak in.
    IDEOGRAM_API_KEY: "",
    GPTUNNEL_API_KEY: "",
  };
  await Promise.all([userData, extensions, workspace].map((dir) => mkdir(dir, { recursive: true })));
  await mkdir(join(userData, "User"), { recursive: true });
  const writeUserSettings = (settings: Record<string, unknown>) =>
    writeFile(join(userData, "User/settings.json"), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  await writeUserSettings(options.settings ?? {});
  for (const [name, bytes] of Object.entries(options.files)) await writeFile(join(workspace, name), bytes);

  await run(bin, ["--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", options.vsix], {
    env,
  });

  const port = await freePort();
  let log = "";
  const child: ChildProcess = spawn(
    bin,
    [
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      workspace,
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Gone meanwhile.
        }
      }
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    await pollUntil("code-server /healthz", 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok === true;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // Each window session (a reload starts one) logs into a folder named by its start time: all of them, in order.
  const extensionLog = async () => {
    const files = await readdir(join(userData, "logs"), { recursive: true }).catch(() => []);
    const channels = files.filter((file) => file.endsWith("Upscale.log")).sort();
    const texts = await Promise.all(channels.map((file) => readFile(join(userData, "logs", file), "utf8")));
    return texts.join("");
  };
  const writeWorkspaceSettings = async (settings: Record<string, unknown>) => {
    await mkdir(join(workspace, ".vscode"), { recursive: true });
    await writeFile(join(workspace, ".vscode/settings.json"), JSON.stringify(settings, null, 2));
  };
  return { url, workspace, userData, writeUserSettings, writeWorkspaceSettings, output: () => log, extensionLog, stop };
}
