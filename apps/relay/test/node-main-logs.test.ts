import { spawn } from "node:child_process";
import { type FakeApis, startFakeApis } from "@upscale/fake-apis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postV2, settledGeneration } from "./ideogram-v2-requests.js";
import { makePng } from "./png-fixture.js";

/**
 * The built Node entry (what `pnpm relay` runs) as its own process: it prints its URL and mode, and nothing it
 * writes — access log, errors — ever contains a vendor key or a relay token, whatever the requests carry.
 */
const MAIN = new URL("../dist/node-main.js", import.meta.url).pathname;
const TOKEN = "team-token-secret-0123456789";
let fake: FakeApis;

beforeAll(async () => {
  fake = await startFakeApis({ scenario: { task: { durationMs: 200 }, ideogram: { generationMs: 200 } } });
});
afterAll(async () => {
  await fake.close();
});

async function runRelay(env: Record<string, string>, drive: (url: string) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      RELAY_GPTUNNEL_URL: fake.ideogramUrl,
      RELAY_IDEOGRAM_URL: fake.ideogramUrl,
      RELAY_ALLOW_PRIVATE_UPSTREAMS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 10_000);
      child.stdout.on("data", () => {
        const match = /Relay listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    await drive(url);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
  return output;
}

/** Every kind of request, each carrying `secret` where a client would put it, plus some that misuse it. */
async function everyKindOfRequest(url: string, secret: string, ideogramSecret: string): Promise<void> {
  const headers = { authorization: secret, "content-type": "application/json" };
  const grid = await (
    await fetch(`${url}/v1/midjourney/imagine`, { method: "POST", headers, body: JSON.stringify({ prompt: "a fox" }) })
  ).json();
  let task = grid;
  while (task.status !== "done") {
    await new Promise((resolve) => setTimeout(resolve, 100));
    task = await (await fetch(`${url}/v1/midjourney/result?taskId=${grid.id}`, { headers })).json();
  }
  expect((await fetch(task.result, { headers })).status).toBe(200);
  const form = new FormData();
  form.set("image_request", "{}");
  form.set("image_file", new Blob([makePng(8, 8)], { type: "image/png" }), "a.png");
  expect(
    (
      await fetch(`${url}/ideogram/upscale`, {
        method: "POST",
        headers: { authorization: `Bearer ${ideogramSecret}` },
        body: form,
      })
    ).status,
  ).toBe(200);
  const v2 = { authorization: `Bearer ${ideogramSecret}` };
  const submitted = await postV2(url, "auto", v2, { fields: { async: "true" } });
  expect(submitted.status).toBe(200);
  const generation = await settledGeneration(url, (await submitted.json()).generation_id, v2);
  expect((await fetch(generation.data[0].url)).status).toBe(200);
  expect((await postV2(url, "auto", v2, { query: "?dry_run=true" })).status).toBe(200);
  expect((await fetch(`${url}/v1/balance`, { headers })).status).toBe(200);
  await fetch(`${url}/ideogram/v2/generations/${ideogramSecret}?key=${ideogramSecret}`, { headers: v2 });
  await postV2(url, ideogramSecret, v2, { query: `?dry_run=${ideogramSecret}` });
  await fetch(`${url}/v1/balance?useWalletBalance=${secret}`, { headers });
  await fetch(`${url}/v1/midjourney/result?taskId=${secret}`, { headers });
  await fetch(`${url}/nowhere/${secret}?key=${secret}`, { headers });
  await fetch(`${url}/v1/midjourney/imagine`, { method: "POST", headers: { authorization: `${secret}x` }, body: "{}" });
  await fetch(`${url}/images/${secret}`, { headers });
}

describe("the Node entry", () => {
  it("pass-through: prints URL and mode; the client's keys never reach its output", async () => {
    const output = await runRelay({}, (url) => everyKindOfRequest(url, fake.keys.gptunnel, fake.keys.ideogram));
    expect(output).toMatch(/Relay listening on http:\/\/127\.0\.0\.1:\d+ \(mode: pass-through\)/);
    expect(output.split("\n").filter((line) => line.startsWith("relay ")).length).toBeGreaterThanOrEqual(15);
    expect(output).not.toContain(fake.keys.gptunnel);
    expect(output).not.toContain(fake.keys.ideogram);
  });

  it("team: the team's keys and the relay token never reach its output", async () => {
    const env = { RELAY_TOKENS: TOKEN, GPTUNNEL_API_KEY: fake.keys.gptunnel, IDEOGRAM_API_KEY: fake.keys.ideogram };
    const output = await runRelay(env, (url) => everyKindOfRequest(url, TOKEN, TOKEN));
    expect(output).toMatch(/\(mode: team\)/);
    expect(output).toMatch(/token=[0-9a-f]{16}/);
    for (const secret of [TOKEN, fake.keys.gptunnel, fake.keys.ideogram]) expect(output).not.toContain(secret);
    expect(fake.stats.keyLeaks).toBe(0);
  });
});
