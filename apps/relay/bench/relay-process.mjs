// The relay as `pnpm relay` starts it, plus a probe for the memory benchmark: each "mem" line on stdin runs a
// full garbage collection (node --expose-gc) and prints what is still alive, so buffered uploads would show up
// as live memory while garbage that has merely not been collected yet does not.
import { createInterface } from "node:readline";
import { startNodeRelay } from "../dist/node-server.js";

const relay = await startNodeRelay(process.env, { log: () => {} });
for (const line of relay.banner) console.log(line);
createInterface({ input: process.stdin }).on("line", () => {
  globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  console.log(`MEM ${JSON.stringify({ rss, heapUsed, external, arrayBuffers })}`);
});
process.once("SIGTERM", () => relay.close().then(() => process.exit(0)));
