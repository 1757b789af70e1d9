import { createIdeogramClient, createMidjourneyClient } from "@upscale/core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { makePng, pngOfAbout } from "../test/png-fixture.js";
import { percentiles, type Started, startProcess } from "./processes.js";

/**
 * The relay's figures for BENCHMARKS.md: added latency per call, 50 concurrent Ideogram upscales, and its memory
 * with ten 10 MB uploads in flight. The fake, the relay and this client each run in their own process.
 */
let fake: Started;
let relay: Started;
let fakeInfo: { origin: string; gptunnelUrl: string; keys: { gptunnel: string; ideogram: string } };
let relayUrl: string;

const ms = (value: number) => value.toFixed(3);
const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

beforeAll(async () => {
  // 50 at once must fit the fake's in-flight limit (Ideogram's own is 10): the batch measures the relay, not 429s.
  fake = await startProcess(
    ["bench/fake-process.mjs", JSON.stringify({ ideogram: { inflightLimit: 100 } })],
    {},
    /^\{.*\}$/m,
  );
  fakeInfo = JSON.parse(fake.match[0]);
  relay = await startProcess(
    ["dist/node-main.js"],
    {
      PORT: "0",
      RELAY_GPTUNNEL_URL: fakeInfo.origin,
      RELAY_IDEOGRAM_URL: fakeInfo.origin,
      RELAY_ALLOW_PRIVATE_UPSTREAMS: "1",
    },
    /Relay listening on (http:\/\/\S+)/,
  );
  relayUrl = relay.match[1] ?? "";
  report(`Node ${process.version}, ${process.platform}/${process.arch}`);
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await fake?.stop();
});

describe("relay benchmarks", () => {
  it("added latency per call", async () => {
    const direct = createMidjourneyClient({ apiKey: fakeInfo.keys.gptunnel, baseUrl: fakeInfo.gptunnelUrl });
    const relayed = createMidjourneyClient({ apiKey: fakeInfo.keys.gptunnel, baseUrl: `${relayUrl}/v1/midjourney` });
    const task = await direct.imagine("a lighthouse");
    await new Promise((resolve) => setTimeout(resolve, 3500)); // the fake's default task duration: now done
    const ideogramDirect = createIdeogramClient({ apiKey: fakeInfo.keys.ideogram, baseUrl: fakeInfo.origin });
    const ideogramRelayed = createIdeogramClient({
      apiKey: fakeInfo.keys.ideogram,
      style: "relay",
      baseUrl: `${relayUrl}/ideogram`,
    });
    const small = makePng(64, 64);

    const measure = async (calls: number, warmup: number, a: () => Promise<unknown>, b: () => Promise<unknown>) => {
      for (let i = 0; i < warmup; i++) await Promise.all([a(), b()]);
      const times = { a: [] as number[], b: [] as number[] };
      for (let i = 0; i < calls; i++) {
        // Interleaved, so drift in the machine's load hits both sides alike.
        for (const [side, call] of [
          ["a", a],
          ["b", b],
        ] as const) {
          const started = performance.now();
          await call();
          times[side].push(performance.now() - started);
        }
      }
      return { direct: percentiles(times.a), relay: percentiles(times.b) };
    };
    const result = await measure(
      2000,
      300,
      () => direct.result(task.id),
      () => relayed.result(task.id),
    );
    const upscale = await measure(
      200,
      20,
      () => ideogramDirect.upscale(small),
      () => ideogramRelayed.upscale(small),
    );
    report("| call | direct median / p95 (ms) | through relay median / p95 (ms) | added median / p95 (ms) |");
    report("| --- | ---: | ---: | ---: |");
    for (const [name, r] of [
      ["GPTunnel `result(id)` (2000 calls)", result],
      ["Ideogram `upscale` 64×64 PNG (200 calls)", upscale],
    ] as const) {
      report(
        `| ${name} | ${ms(r.direct.median)} / ${ms(r.direct.p95)} | ${ms(r.relay.median)} / ${ms(r.relay.p95)} | ` +
          `**${ms(r.relay.median - r.direct.median)} / ${ms(r.relay.p95 - r.direct.p95)}** |`,
      );
    }
  }, 300_000);

  it("50 concurrent Ideogram upscales, through the relay and direct", async () => {
    const image = makePng(256, 256);
    const direct = createIdeogramClient({ apiKey: fakeInfo.keys.ideogram, baseUrl: fakeInfo.origin });
    const relayed = createIdeogramClient({
      apiKey: fakeInfo.keys.ideogram,
      style: "relay",
      baseUrl: `${relayUrl}/ideogram`,
    });
    const batch = async (client: typeof direct) => {
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.upscale(image)));
      const failed = results.filter((r) => r.status === "rejected").length;
      return { seconds: (performance.now() - started) / 1000, failed };
    };
    await batch(direct);
    await batch(relayed);
    const rounds = { direct: [] as number[], relay: [] as number[] };
    let failures = 0;
    for (let round = 0; round < 5; round++) {
      for (const [side, client] of [
        ["direct", direct],
        ["relay", relayed],
      ] as const) {
        const { seconds, failed } = await batch(client);
        rounds[side].push(seconds);
        failures += failed;
      }
    }
    const d = percentiles(rounds.direct).median;
    const r = percentiles(rounds.relay).median;
    report("| 50 concurrent upscales, 256×256 PNG (median of 5 rounds) | wall time (s) | upscales/s |");
    report("| --- | ---: | ---: |");
    report(`| direct | ${d.toFixed(3)} | ${(50 / d).toFixed(1)} |`);
    report(`| through the relay | ${r.toFixed(3)} | ${(50 / r).toFixed(1)} |`);
    report(`Relay/direct wall time: ${(r / d).toFixed(3)}; failed upscales: ${failures}`);
  }, 300_000);

  it("relay memory with ten 10 MB uploads in flight", async () => {
    const image = pngOfAbout(10 * 1024 * 1024 - 64 * 1024);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const relayProbe = (origin: string) =>
      startProcess(
        ["--expose-gc", "bench/relay-process.mjs"],
        { PORT: "0", RELAY_IDEOGRAM_URL: origin, RELAY_ALLOW_PRIVATE_UPSTREAMS: "1" },
        /Relay listening on (http:\/\/\S+)/,
      );
    const upload = (url: string, signal?: AbortSignal) => {
      const body = new FormData();
      body.set("image_request", "{}");
      body.set("image_file", new Blob([image], { type: "image/png" }), "big.png");
      const headers = { authorization: `Bearer ${fakeInfo.keys.ideogram}` };
      return fetch(`${url}/ideogram/upscale`, { method: "POST", headers, body, signal }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      });
    };
    report(
      `Ten uploads of ${mib(image.length)} MiB at once (${mib(image.length * 10)} MiB in flight), relay in its own process.`,
    );

    // 1. The real path: the fake Ideogram reads the uploads and upscales them with sharp.
    const probe = await relayProbe(fakeInfo.origin);
    try {
      await upload(probe.match[1] ?? ""); // warm-up: the baseline is a relay that has handled one already
      const warm = await probe.liveMemory();
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: 10 }, () => upload(probe.match[1] ?? "")));
      report(
        `To the fake: all ${statuses.filter((s) => s === 200).length}/10 answered 200 in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `relay RSS ${mib(warm.rss)} MiB warm, peak (VmHWM) ${probe.peakRssMiB().toFixed(1)} MiB.`,
      );
    } finally {
      await probe.stop();
    }

    // 2. The worst case: an upstream that stops reading. Live memory after a full GC shows what the relay holds.
    const stalled = await startProcess(["bench/stalled-upstream.mjs"], {}, /UPSTREAM (\S+)/);
    const held = await relayProbe(stalled.match[1] ?? "");
    try {
      const base = await held.liveMemory();
      const controller = new AbortController();
      const uploads = Array.from({ length: 10 }, () => upload(held.match[1] ?? "", controller.signal).catch(() => 0));
      const samples: number[] = [];
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        samples.push((await held.liveMemory()).arrayBuffers);
      }
      controller.abort();
      await Promise.all(uploads);
      const settled = samples.at(-1) ?? 0;
      report(
        `To a stalled upstream: live ArrayBuffer memory in the relay after GC ${mib(base.arrayBuffers)} MiB before, ` +
          `${samples.map(mib).join(" → ")} MiB every 0.5 s while all ten stall: it settles at ${mib(settled)} MiB, ` +
          `≈ ${mib(settled / 10)} MiB per upload, where a buffering relay would hold what the clients sent.`,
      );
    } finally {
      await held.stop();
      await stalled.stop();
    }
  }, 300_000);
});
