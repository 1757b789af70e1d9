/** Small helpers the fake's own tests share: real HTTP calls, polling, and pixel reads. */
import { connect } from "node:net";
import sharp from "sharp";
import type { Scenario } from "../src/scenario.js";
import { type FakeApis, startFakeApis } from "../src/start-fake-apis.js";

export interface JsonResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read vendor JSON field by field and assert on it.
  body: any;
}

async function asJson(response: Response): Promise<JsonResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** GPTunnel calls with the raw key, as the vendor documents (`null`: no Authorization header). */
export function midjourney(fake: FakeApis, key: string | null = fake.keys.gptunnel) {
  const headers: Record<string, string> = key === null ? {} : { authorization: key };
  return {
    post: async (endpoint: string, body: unknown) =>
      asJson(
        await fetch(`${fake.gptunnelUrl}/${endpoint}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
      ),
    result: async (taskId: string) =>
      asJson(await fetch(`${fake.gptunnelUrl}/result?taskId=${encodeURIComponent(taskId)}`, { headers })),
  };
}

/** Polls `/result` until `until` holds, for at most 10 s, so a broken fake fails the test instead of hanging it. */
export async function pollTask(
  fake: FakeApis,
  taskId: string,
  // biome-ignore lint/suspicious/noExplicitAny: see JsonResponse.
  until: (task: any) => boolean = (task) => task.status === "done",
  // biome-ignore lint/suspicious/noExplicitAny: see JsonResponse.
): Promise<{ final: any; seen: any[] }> {
  const seen = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { status, body } = await midjourney(fake).result(taskId);
    if (status !== 200) throw new Error(`GET /result answered ${status}: ${JSON.stringify(body)}`);
    seen.push(body);
    if (until(body)) return { final: body, seen };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Task ${taskId} never reached the expected state.`);
}

/** A fake whose clock moves only when told to: a task is seen at an exact point of its life, however slow the machine. */
export async function startSteppedFake(scenario: Scenario): Promise<FakeApis & { advance(ms: number): void }> {
  let now = Date.now();
  const fake = await startFakeApis({ scenario, now: () => now });
  return Object.assign(fake, {
    advance: (ms: number) => {
      now += ms;
    },
  });
}

/** Imagine, then wait for the grid: the usual first step of an upsample test. */
export async function finishedGrid(fake: FakeApis, prompt: string) {
  const created = await midjourney(fake).post("imagine", { prompt });
  if (created.status !== 200) throw new Error(`imagine answered ${created.status}`);
  return (await pollTask(fake, created.body.id)).final;
}

export async function download(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Response["headers"]; bytes: Buffer }> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

export async function imageSize(bytes: Buffer): Promise<{ format: string; width: number; height: number }> {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}

export async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

export function sameColour(a: number[], b: number[], tolerance = 2): boolean {
  return a.every((v, i) => Math.abs(v - (b[i] as number)) <= tolerance);
}

/** A real image of the given size and format: a smooth gradient, so a pixel can be found again after resizing. */
export async function makeImage(width: number, height: number, format: "png" | "jpeg" | "webp" = "png") {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

export function upscaleForm(image: Uint8Array, imageRequest: unknown = {}, filename = "in.png"): FormData {
  const form = new FormData();
  form.set("image_file", new Blob([image]), filename);
  form.set("image_request", typeof imageRequest === "string" ? imageRequest : JSON.stringify(imageRequest));
  return form;
}

export async function upscale(fake: FakeApis, body: FormData | string | Uint8Array, headers?: Record<string, string>) {
  return asJson(
    await fetch(`${fake.ideogramUrl}/upscale`, {
      method: "POST",
      headers: headers ?? { "api-key": fake.keys.ideogram },
      body,
    }),
  );
}

export interface RawOutcome {
  /** The first line of the response, if any arrived. */
  statusLine: string | undefined;
  declaredLength: number | undefined;
  bodyLength: number;
  /** How the connection ended: a clean close (FIN) or a reset (RST). */
  ending: "end" | "ECONNRESET";
}

/** One request over a bare socket, to see exactly how the server ended the connection. */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body = "",
): Promise<RawOutcome> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let ending: RawOutcome["ending"] = "end";
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET") ending = "ECONNRESET";
      else reject(error);
    });
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const head = split === -1 ? text : text.slice(0, split);
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      resolve({
        statusLine: head.split("\r\n")[0] || undefined,
        declaredLength: length === undefined ? undefined : Number(length),
        bodyLength: split === -1 ? 0 : text.length - split - 4,
        ending,
      });
    });
    const lines = Object.entries({ host: hostname, connection: "close", ...headers, "content-length": body.length });
    // write, not end: a half-closed client makes Node's server close its side at once, hiding the fault.
    socket.write(
      `${method} ${pathname}${search} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`,
    );
  });
}

/** A v2 upscale form: the image as `image`, then each text field as given. */
export function upscaleV2Form(image: Uint8Array, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("image", new Blob([image]), "in.png");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** `POST /v2/image/upscale/{model}` with the official key, or `options.headers` instead. */
export async function upscaleV2(
  fake: FakeApis,
  model: string,
  body: FormData | string,
  options: { query?: string; headers?: Record<string, string>; base?: string } = {},
) {
  const base = options.base ?? fake.ideogramUrl;
  return asJson(
    await fetch(`${base}/v2/image/upscale/${model}${options.query ?? ""}`, {
      method: "POST",
      headers: options.headers ?? { "api-key": fake.keys.ideogram },
      body,
    }),
  );
}

export async function getGeneration(
  fake: FakeApis,
  id: string,
  headers: Record<string, string> = { "api-key": fake.keys.ideogram },
) {
  return asJson(await fetch(`${fake.ideogramUrl}/v2/generations/${id}`, { headers }));
}

/** Polls a v2 generation until it leaves `pending`, for at most 10 s. */
export async function settledGeneration(fake: FakeApis, id: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { status, body } = await getGeneration(fake, id);
    if (status !== 200) throw new Error(`GET /v2/generations answered ${status}: ${JSON.stringify(body)}`);
    if (body.status !== "pending") return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Generation ${id} never settled.`);
}
