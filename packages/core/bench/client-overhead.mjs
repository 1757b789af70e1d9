// Per-call cost of the Midjourney client over a raw fetch, on loopback, so the network adds nothing.
// Run after `pnpm --filter @upscale/core build`: node bench/client-overhead.mjs [iterations]
import { createServer } from "node:http";
import { availableParallelism, cpus } from "node:os";
import { createMidjourneyClient } from "../dist/index.js";

const ITERATIONS = Number(process.argv[2] ?? 3000);
const WARM_UP = 500;
const TASK_ID = "6558a19c0bfe4600011437cd";
const KEY = "bench-key";

// The seed's finished-upsample answer: what `result` returns once a task is done.
const TASK_JSON = JSON.stringify({
  id: TASK_ID,
  parentId: "65589df803761c00010775ae",
  object: "task",
  type: "upsample",
  actions: ["high_variation", "low_variation", "inpaint", "upscale_2x", "upscale_4x", "outpaint_50", "outpaint_75"],
  percent: 100,
  status: "done",
  result: `https://gptunnel.ru/task/image/${TASK_ID}?cache=100`,
  error: null,
  usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_cost: 0, completion_cost: 0, total_cost: 0 },
});

const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(TASK_JSON) });
  response.end(TASK_JSON);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}/v1/midjourney`;
const client = createMidjourneyClient({ apiKey: KEY, baseUrl });

const contenders = {
  "raw `fetch` + `JSON.parse`": async () => {
    const response = await fetch(`${baseUrl}/result?taskId=${TASK_ID}`, {
      headers: { authorization: KEY, accept: "application/json" },
    });
    return JSON.parse(await response.text());
  },
  "`client.result(id)`": () => client.result(TASK_ID),
};

const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let i = 0; i < WARM_UP; i++) for (const call of Object.values(contenders)) await call();
// Interleaved, so drift in machine load affects both alike.
for (let i = 0; i < ITERATIONS; i++) {
  for (const [name, call] of Object.entries(contenders)) {
    const start = process.hrtime.bigint();
    const task = await call();
    samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (task.id !== TASK_ID) throw new Error(`${name} returned the wrong task`);
  }
}

server.closeAllConnections();
server.close();

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const stats = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [name, { median: percentile(sorted, 50), p95: percentile(sorted, 95) }];
  }),
);
const [raw, viaClient] = Object.values(stats);
const ms = (value) => value.toFixed(3);

console.log(
  `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), ` +
    `${ITERATIONS} calls each after ${WARM_UP} warm-up, loopback HTTP/1.1 keep-alive\n`,
);
console.log("| call | median (ms) | p95 (ms) |");
console.log("|---|---:|---:|");
for (const [name, { median, p95 }] of Object.entries(stats)) console.log(`| ${name} | ${ms(median)} | ${ms(p95)} |`);
console.log(`| **client overhead** | **${ms(viaClient.median - raw.median)}** | **${ms(viaClient.p95 - raw.p95)}** |`);
