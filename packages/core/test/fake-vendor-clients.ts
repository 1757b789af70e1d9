/**
 * Hand-written MidjourneyClient / IdeogramClient objects for the unit tests of what is built on them (the
 * waiter and the providers). Each answers from a script and records every call; the real clients are tested
 * against HTTP servers elsewhere. Time is whatever `Date.now()` says, so the tests drive it with fake timers.
 */
import type { DownloadedImage } from "../src/http/download-image.js";
import type { IdeogramClient, IdeogramUpscaleResult } from "../src/ideogram/ideogram-client.js";
import type { IdeogramUpscaleRequest } from "../src/ideogram/ideogram-schemas.js";
import type { MidjourneyClient } from "../src/midjourney/midjourney-client.js";
import { type MidjourneyTask, midjourneyTaskSchema } from "../src/midjourney/midjourney-schemas.js";
import type { CancelSignal } from "../src/runtime/cancellation.js";
import { PNG_3X2 } from "./images.js";
import { midjourneyTask as wireTask } from "./scripted-transport.js";

/** What a scripted call does: answer, fail, or never settle (a transport that ignores the signal). */
export type Scripted<T> = T | Error | "hang";

export interface RecordedCall {
  method: string;
  args: unknown[];
  signal: CancelSignal | undefined;
  atMs: number;
}

/** A real 3×2 PNG, as a download returns it. */
export const SMALL_PNG: DownloadedImage = { bytes: PNG_3X2, mimeType: "image/png", width: 3, height: 2 };

export const PARENT_ID = "65589df803761c00010775ae";
export const UPSAMPLE_ID = "6558a19c0bfe4600011437cd";

/** A GPTunnel task as a client returns it (parsed): the docs' idle upsample, with `changes`. */
export function midjourneyTask(changes: Partial<MidjourneyTask> = {}): MidjourneyTask {
  return midjourneyTaskSchema.parse(wireTask({ id: UPSAMPLE_ID, parentId: PARENT_ID, ...changes }));
}

export const doneTask = (changes: Partial<MidjourneyTask> = {}) =>
  midjourneyTask({
    percent: 100,
    status: "done",
    result: `https://gptunnel.ru/task/image/${UPSAMPLE_ID}?cache=100`,
    ...changes,
  });

function settle<T>(answer: Scripted<T>): Promise<T> {
  if (answer === "hang") return new Promise(() => {});
  return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
}

function unscripted(method: string): Promise<never> {
  return Promise.reject(new Error(`The test did not expect ${method}() to be called.`));
}

export interface MidjourneyScript {
  imagine?: (prompt: string) => Scripted<MidjourneyTask>;
  upsample?: (taskId: string, image: number) => Scripted<MidjourneyTask>;
  /** `elapsedMs` since the client was created. */
  result?: (taskId: string, elapsedMs: number) => Scripted<MidjourneyTask>;
  download?: (url: string) => Scripted<DownloadedImage>;
}

export function fakeMidjourneyClient(script: MidjourneyScript): MidjourneyClient & { calls: RecordedCall[] } {
  const createdAt = Date.now();
  const calls: RecordedCall[] = [];
  const record = (method: string, args: unknown[], signal: CancelSignal | undefined) =>
    calls.push({ method, args, signal, atMs: Date.now() - createdAt });
  return {
    calls,
    baseUrl: "https://gptunnel.ru/v1/midjourney",
    imagine(prompt, options) {
      record("imagine", [prompt], options?.signal);
      return script.imagine ? settle(script.imagine(prompt)) : unscripted("imagine");
    },
    variation: () => unscripted("variation"),
    upsample(taskId, image, options) {
      record("upsample", [taskId, image], options?.signal);
      return script.upsample ? settle(script.upsample(taskId, image)) : unscripted("upsample");
    },
    result(taskId, options) {
      record("result", [taskId], options?.signal);
      return script.result ? settle(script.result(taskId, Date.now() - createdAt)) : unscripted("result");
    },
    download(url, options) {
      record("download", [url], options?.signal);
      return script.download ? settle(script.download(url)) : unscripted("download");
    },
    balance: () => unscripted("balance"),
  };
}

export interface IdeogramScript {
  upscale: (image: Uint8Array, request: IdeogramUpscaleRequest | undefined) => Scripted<IdeogramUpscaleResult>;
  download?: (url: string) => Scripted<DownloadedImage>;
}

export function fakeIdeogramClient(script: IdeogramScript): IdeogramClient & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    upscale(image, request, options) {
      calls.push({ method: "upscale", args: [image, request], signal: options?.signal, atMs: Date.now() });
      return settle(script.upscale(image, request));
    },
    download(url, options) {
      calls.push({ method: "download", args: [url], signal: options?.signal, atMs: Date.now() });
      return script.download ? settle(script.download(url)) : unscripted("download");
    },
  };
}
