// What a Figma plugin's main thread would do with the core, bundled with it by figma-sandbox.test.ts and run
// in a realm that has only what Figma's main thread has. Plain JS: it is compiled for that realm, not for Node.

import { createIdeogramProvider, IDEOGRAM_CAPABILITIES } from "../../dist/ideogram/ideogram-provider.js";
import {
  createCancellation,
  createIdeogramClient,
  createMidjourneyClient,
  createTaskLedger,
  figmaFetchTransport,
  runBatch,
  runMidjourneyJob,
  runUpscaleJobs,
  upscale,
  waitForMidjourneyImage,
} from "../../dist/index.js";
import { imagineAndWait as imagineFlow } from "../../dist/midjourney/midjourney-flows.js";
import { checkUpscaleInput, fitToLimits } from "../../dist/provider-kit.js";

/** The core's own adapter over Figma's fetch (the realm's global `fetch` is Figma-shaped). */
const figmaTransport = figmaFetchTransport(fetch);

/** Imagine, then wait for the grid and download it. */
export async function imagineGrid({ apiKey, baseUrl, prompt }) {
  const client = createMidjourneyClient({ apiKey, baseUrl, transport: figmaTransport });
  const task = await client.imagine(prompt);
  const stages = [];
  const { image } = await waitForMidjourneyImage(client, task.id, { onProgress: ({ stage }) => stages.push(stage) });
  return { taskId: task.id, stages, ...image };
}

/** Imagines, then waits with a deadline: when status requests never answer, only the deadline ends the wait. */
export async function imagineAndWait({ apiKey, baseUrl, prompt, deadlineMs }) {
  const client = createMidjourneyClient({ apiKey, baseUrl, transport: figmaTransport, timeoutMs: 600_000 });
  const task = await client.imagine(prompt);
  try {
    await waitForMidjourneyImage(client, task.id, { deadlineMs });
    return { taskId: task.id, error: undefined };
  } catch (error) {
    return { taskId: task.id, error: { name: error.name, code: error.code, taskId: error.taskId } };
  }
}

/** Imagines, then cancels the wait with the core's own cancellation while a status request hangs. */
export async function imagineAndCancel({ apiKey, baseUrl, prompt, cancelAfterMs }) {
  const client = createMidjourneyClient({ apiKey, baseUrl, transport: figmaTransport, timeoutMs: 600_000 });
  const task = await client.imagine(prompt);
  const cancellation = createCancellation();
  const startedAt = Date.now();
  setTimeout(() => cancellation.cancel(), cancelAfterMs);
  try {
    await waitForMidjourneyImage(client, task.id, { signal: cancellation.signal });
    return { taskId: task.id, error: undefined, elapsedMs: Date.now() - startedAt };
  } catch (error) {
    const outcome = { name: error.name, code: error.code, taskId: error.taskId };
    return { taskId: task.id, error: outcome, elapsedMs: Date.now() - startedAt };
  }
}

/** An image file upscaled with Ideogram through the provider and `upscale()`. */
export async function ideogramUpscale({ apiKey, baseUrl, bytes }) {
  const client = createIdeogramClient({ apiKey, baseUrl, transport: figmaTransport });
  // Copied into this realm's Uint8Array, as bytes read inside the plugin would be.
  return upscale({ bytes: Uint8Array.from(bytes) }, { provider: createIdeogramProvider({ client }) });
}

/**
 * The Midjourney flow as a plugin would run it: a ledger kept in a clientStorage-like store (plain objects
 * only), the image "saved" before the task is settled, then a fit to Figma's 4096 px limit.
 */
export async function imagineWithLedger({ apiKey, baseUrl, prompt }) {
  const client = createMidjourneyClient({ apiKey, baseUrl, transport: figmaTransport });
  const clientStorage = {};
  const ledger = createTaskLedger({
    load: async () => clientStorage.tasks || [],
    save: async (entries) => {
      clientStorage.tasks = JSON.parse(JSON.stringify(entries));
    },
  });
  const { task, image, settle } = await imagineFlow(client, prompt, {
    ledger,
    label: prompt,
    target: "node:1:2",
    settleWhenKept: true,
  });
  // The image would be put on the canvas here: until the plugin settles it, the task stays to resume.
  const pendingWhileSaving = await ledger.pending();
  await settle();
  const plan = fitToLimits(image, { maxSide: 4096, acceptedTypes: ["image/png", "image/jpeg", "image/gif"] });
  return { taskId: task.id, pendingWhileSaving, pendingAfter: await ledger.pending(), plan };
}

/** A batch with the core's own cancellation, and the local checks refusing an animated GIF. */
export async function batchAndChecks({ gif }) {
  const cancellation = createCancellation();
  const results = await runBatch(
    [1, 2, 3],
    async (n) => {
      if (n === 1) cancellation.cancel();
      return n * 2;
    },
    { concurrency: 1, signal: cancellation.signal },
  );
  let refusal;
  try {
    checkUpscaleInput(Uint8Array.from(gif), IDEOGRAM_CAPABILITIES);
  } catch (error) {
    refusal = { code: error.code, message: error.message };
  }
  return { statuses: results.map((result) => result.status), refusal };
}

/**
 * The job pipelines as the Figma plugin runs them: canvas images upscaled into a store that holds results for one
 * write at the end, and an imagine placed on a node, its task in clientStorage until then.
 */
export async function jobPipelines({ ideogramKey, ideogramUrl, gptunnelKey, gptunnelUrl, bytes }) {
  const kept = {};
  const store = {
    reserve: async () => ({
      keep: async (image) => {
        kept[image.fileName] = {
          mimeType: image.mimeType,
          width: image.width,
          height: image.height,
          taskId: image.taskId,
        };
        return image.fileName;
      },
      release: async () => {},
    }),
  };
  const events = [];
  const onEvent = (event) => events.push(event.type);
  const ideogram = createIdeogramClient({ apiKey: ideogramKey, baseUrl: ideogramUrl, transport: figmaTransport });
  const sources = ["1:2", "3:4"].map((id) => ({
    id,
    name: `Layer ${id}.png`,
    read: async () => Uint8Array.from(bytes),
  }));
  const upscaled = await runUpscaleJobs(sources, {
    provider: createIdeogramProvider({ client: ideogram }),
    plan: (source) => ({ fileName: source.name, mimeType: "image/png", target: { kind: "node", id: source.id } }),
    store,
    onEvent,
  });
  const clientStorage = {};
  const ledger = createTaskLedger({
    load: async () => clientStorage.tasks || [],
    save: async (entries) => {
      clientStorage.tasks = JSON.parse(JSON.stringify(entries));
    },
  });
  const midjourney = createMidjourneyClient({ apiKey: gptunnelKey, baseUrl: gptunnelUrl, transport: figmaTransport });
  const imagined = await runMidjourneyJob(
    { kind: "imagine", prompt: "a fox", source: { id: "imagine", name: "a fox" }, target: { kind: "node", id: "5:6" } },
    { client: midjourney, ledger, store, onEvent },
  );
  return {
    saved: upscaled.saved.map((s) => s.saved).concat(imagined.saved.map((s) => s.saved)),
    failed: upscaled.failed.length + imagined.failed.length,
    kept,
    events,
    pendingAfter: await ledger.pending(),
  };
}
