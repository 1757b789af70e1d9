import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createFigmaFake, type FigmaFake } from "../fake/create-figma-fake.js";
import type { SceneNode } from "../figma-types.js";
import { type PluginRun, type RunPluginMainOptions, runPluginMain } from "../vm/run-plugin-main.js";
import { decodeFromBridge, encodeForBridge } from "./bridge-codec.js";
import { snapshotCanvas } from "./canvas-snapshot.js";
import { buildDemoCanvas } from "./demo-canvas.js";
import { type FigmaTheme, themeUiDocument } from "./figma-theme.js";
import { hostPageHtml } from "./host-page.js";
import type { HostState } from "./host-page-script.js";

export interface StartHarnessOptions {
  /** The built main bundle. */
  mainCode: string;
  /** The built UI (`__html__`). */
  uiHtml: string;
  uiFiles?: Record<string, string>;
  /** The canvas to run on; a fresh fake by default. */
  figma?: FigmaFake;
  /** Draw the demo canvas first (frames and shapes with image fills), or run your own builder. */
  demoCanvas?: boolean | ((fake: FigmaFake) => Promise<unknown>);
  theme?: FigmaTheme;
  /** Default 0: any free port. Always on 127.0.0.1. */
  port?: number;
  /** Passed to every runPluginMain (allowedDomains, cors, console, command…). */
  run?: Omit<RunPluginMainOptions, "code" | "figma" | "html" | "uiFiles">;
  /** Start the plugin at once (default), or wait for `restart()` / the page's "Run plugin". */
  autoRun?: boolean;
}

export interface Harness {
  /** The host page. */
  readonly url: string;
  readonly fake: FigmaFake;
  /** The current plugin run (undefined before the first). */
  readonly run: PluginRun | undefined;
  /** Counts plugin runs; the page's iframe carries it as `data-session`. */
  readonly session: number;
  /** Closes the running plugin (if open) and runs it again on the same canvas; new code may be given (dev). */
  restart(next?: {
    mainCode?: string;
    uiHtml?: string;
    uiFiles?: Record<string, string>;
    command?: string;
  }): Promise<PluginRun>;
  /** Stops the plugin, the server and every connection. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024 * 1024;

/**
 * The plugin in a browser without Figma: a loopback server whose page draws the fake canvas and hosts the plugin
 * UI in a sandboxed null-origin iframe, bridged to the main bundle running in node:vm. Tests drive the page with
 * Playwright (openHarnessPage); `apps/figma dev` serves it to people. One bridge for both.
 */
export async function startHarness(options: StartHarnessOptions): Promise<Harness> {
  const fake = options.figma ?? createFigmaFake();
  if (options.demoCanvas === true) await buildDemoCanvas(fake);
  else if (typeof options.demoCanvas === "function") await options.demoCanvas(fake);
  let mainCode = options.mainCode;
  let uiHtml = options.uiHtml;
  let uiFiles = options.uiFiles;
  let theme: FigmaTheme = options.theme ?? "light";
  let run: PluginRun | undefined;
  let session = 0;
  let stopForwarding: () => void = () => {};
  let stopWatching: () => void = () => {};
  const clients = new Set<ServerResponse>();

  const broadcast = (event: string, data: unknown = {}) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(frame);
  };
  fake.onCanvasChange(() => broadcast("canvas"));

  const startRun = async (command?: string) => {
    stopForwarding();
    stopWatching();
    if (run && !run.isClosed) run.close();
    session += 1;
    run = await runPluginMain({
      ...options.run,
      ...(command !== undefined ? { command } : {}),
      code: mainCode,
      html: uiHtml,
      figma: fake,
      ...(uiFiles ? { uiFiles } : {}),
    });
    stopWatching = fake.session.onChange(() => broadcast("state"));
    broadcast("state");
    return run;
  };

  const state = (): HostState => {
    const ui = fake.session.ui;
    const themeColors = ui.options?.themeColors === true;
    return {
      session,
      ui: {
        html: ui.html === undefined ? null : themeUiDocument(ui.html, theme, themeColors),
        width: ui.size.width,
        height: ui.size.height,
        visible: ui.visible,
        title: ui.options?.title ?? "Plugin",
      },
      closed: fake.session.closed,
      notifications: fake.notifications.map(({ message, error, timeout, cancelled }) => ({
        message,
        error,
        timeout,
        cancelled,
      })),
      problems: [
        ...fake.violations.map((violation) => `${violation.rule}: ${violation.message}`),
        ...fake.errors.map(
          (error) => `uncaught: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      ],
      theme,
    };
  };

  const routes: Record<string, (body: Record<string, unknown>) => unknown> = {
    "POST /ui-ready": (body) => {
      if (body.session !== session) return { ignored: true };
      stopForwarding();
      const forwardedSession = session;
      stopForwarding = fake.session.ui.onMessageToUi((message) =>
        broadcast("ui", { session: forwardedSession, data: encodeForBridge(message) }),
      );
      return { ok: true };
    },
    "POST /ui-message": (body) => {
      if (body.session !== session || !run || run.isClosed) return { ignored: true };
      run.sendFromUi(decodeFromBridge(body.data));
      return { ok: true };
    },
    "POST /select": (body) => {
      const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
      const nodes = ids.map((id) => fake.document.find(id)).filter((node) => node !== null);
      fake.select(nodes as unknown as SceneNode[]);
      return { ok: true };
    },
    "POST /undo": () => ({ undone: fake.undo() }),
    "POST /close": () => {
      run?.close();
      return { ok: true };
    },
    "POST /restart": async () => {
      await startRun();
      return { ok: true };
    },
    "POST /theme": async () => {
      theme = theme === "light" ? "dark" : "light";
      await startRun();
      return { theme };
    },
    "GET /state": () => state(),
    "GET /canvas": () => snapshotCanvas(fake),
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const key = `${request.method} ${path}`;
    if (key === "GET /") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      response.end(hostPageHtml());
      return;
    }
    if (key === "GET /favicon.ico") {
      // Browsers ask for it; a 404 would be noise in every test's console log.
      response.writeHead(204).end();
      return;
    }
    if (key === "GET /events") {
      response.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      response.write("event: open\ndata: {}\n\n");
      clients.add(response);
      request.on("close", () => clients.delete(response));
      return;
    }
    if (request.method === "GET" && path.startsWith("/images/")) {
      const image = fake.image(path.slice("/images/".length));
      if (!image) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": `image/${image.format}`, "cache-control": "max-age=3600, immutable" });
      response.end(image.bytes);
      return;
    }
    const route = routes[key];
    if (!route) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = request.method === "POST" ? await readJson(request) : {};
    const answer = await route(body);
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(answer));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  if (options.autoRun !== false) await startRun(options.run?.command);

  return {
    url,
    fake,
    get run() {
      return run;
    },
    get session() {
      return session;
    },
    async restart(next = {}) {
      mainCode = next.mainCode ?? mainCode;
      uiHtml = next.uiHtml ?? uiHtml;
      uiFiles = next.uiFiles ?? uiFiles;
      return startRun(next.command);
    },
    async close() {
      stopForwarding();
      stopWatching();
      if (run && !run.isClosed) run.close();
      for (const client of clients) client.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("figma-harness: message too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
