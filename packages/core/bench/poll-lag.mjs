// Status requests and detection lag of the task poller against fixed-interval pollers, on simulated tasks.
// Run after `pnpm --filter @upscale/core build`: `node packages/core/bench/poll-lag.mjs`. Prints markdown.
//
// Time is virtual: a discrete-event clock jumps straight to the next timer, so minutes of task time take
// milliseconds and the figures do not depend on the machine. Every poller is the real `pollTask` from the
// build; the fixed-interval ones only get a different schedule.
// The fake's seeded PRNG, so every run of the benchmark sees the same tasks.
import { seededRandom as random } from "@upscale/fake-apis";
import { abortError, pollTask } from "../dist/provider-kit.js";

const RUNS = 200;
const TASK_SECONDS = [5, 30, 120];
/** Each run's duration is the nominal one ±10 %, which also randomises where it ends between two polls. */
const DURATION_SPREAD = 0.1;
/** Round trip of one status request; the server reads the task state halfway. */
const RTT_MS = 100;
/** How the simulated task reports progress. Fixed-interval pollers ignore percent: they run once per T. */
const PROGRESS = [
  { name: "linear ±3", describe: "linear, ±3 points of noise" },
  {
    name: "15-point steps",
    describe: "in 15-point steps (0, 15, 30 … 90), coarse progress as some task APIs report it",
  },
  { name: "none", describe: "never reported" },
];
const PERCENT_NOISE = 3;
const STEP = 15;

const fixed = (ms) => ({ firstDelayMs: ms, minDelayMs: ms, maxDelayMs: ms, backoffFactor: 1, followPercent: false });
const POLLERS = [
  { name: "ours (default schedule)", schedule: {} },
  { name: "fixed 500 ms (Replicate, fal)", schedule: fixed(500) },
  { name: "fixed 2 s (community clients)", schedule: fixed(2000) },
  { name: "fixed 5 s (OpenAI)", schedule: fixed(5000) },
];

/** A Clock whose time only moves when every pending promise has settled and a timer is next due. */
function virtualClock() {
  let now = 0;
  let timers = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const onAbort = () => {
          timers = timers.filter((t) => t !== timer);
          reject(abortError(signal));
        };
        const timer = {
          at: now + ms,
          fire: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    after(ms, callback) {
      const timer = { at: now + ms, fire: callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    /** Drives time forward until `promise` settles. */
    async run(promise) {
      let settled = false;
      promise.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (settled || timers.length === 0) return promise;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        now = next.at;
        next.fire();
      }
    },
  };
}

/** One simulated task: done after `durationMs`; percent never goes backwards and is never 100 before done. */
function simulatedTask(clock, durationMs, progress, rand) {
  let reported = 0;
  let requests = 0;
  const percentAt = (t) => {
    const exact = (100 * t) / durationMs;
    if (progress === "15-point steps") return Math.floor(exact / STEP) * STEP;
    return Math.floor(exact + (rand() * 2 - 1) * PERCENT_NOISE);
  };
  const stateAt = (t) => {
    if (t >= durationMs) return { status: "done", percent: progress === "none" ? undefined : 100 };
    if (progress === "none") return { status: "running" };
    reported = Math.min(99, Math.max(reported, percentAt(t)));
    return { status: "running", percent: reported };
  };
  return {
    get requests() {
      return requests;
    },
    async fetchStatus(signal) {
      requests += 1;
      await clock.sleep(RTT_MS / 2, signal);
      const state = stateAt(clock.now());
      await clock.sleep(RTT_MS / 2, signal);
      return state;
    },
  };
}

const interpret = (task) => ({
  state: task.status === "done" ? "done" : "running",
  percent: task.percent,
  vendorStatus: task.status,
});

async function measure(poller, seconds, progress) {
  const rand = random(seconds * 1000 + PROGRESS.findIndex((p) => p.name === progress));
  const lags = [];
  const requests = [];
  for (let run = 0; run < RUNS; run += 1) {
    const clock = virtualClock();
    const durationMs = seconds * 1000 * (1 + (rand() * 2 - 1) * DURATION_SPREAD);
    const task = simulatedTask(clock, durationMs, progress, rand);
    await clock.run(
      pollTask({ taskId: "bench", fetchStatus: task.fetchStatus, interpret, clock, schedule: poller.schedule }),
    );
    lags.push(clock.now() - durationMs);
    requests.push(task.requests);
  }
  return {
    meanRequests: mean(requests),
    maxRequests: Math.max(...requests),
    meanLagS: mean(lags) / 1000,
    maxLagS: Math.max(...lags) / 1000,
  };
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

const results = [];
for (const seconds of TASK_SECONDS) {
  for (const poller of POLLERS) {
    const followsPercent = poller.schedule.followPercent !== false;
    for (const { name } of followsPercent ? PROGRESS : PROGRESS.slice(0, 1)) {
      const progress = followsPercent ? name : "ignored";
      results.push({ poller: poller.name, seconds, progress, ...(await measure(poller, seconds, name)) });
    }
  }
}

console.log(
  `Simulated tasks of T s ±${DURATION_SPREAD * 100} %, ${RUNS} runs each, status round trip ${RTT_MS} ms. ` +
    `Percent reported: ${PROGRESS.map((p) => `"${p.name}" = ${p.describe}`).join("; ")}.\n`,
);
console.log("| T | poller | percent | requests (mean / max) | detection lag mean | lag max |");
console.log("|---:|---|---|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.seconds} s | ${r.poller} | ${r.progress} | ${r.meanRequests.toFixed(1)} / ${r.maxRequests} | ` +
      `${r.meanLagS.toFixed(2)} s | ${r.maxLagS.toFixed(2)} s |`,
  );
}

const ours = (progress) =>
  results.find((r) => r.seconds === 30 && r.progress === progress && r.poller.startsWith("ours"));
const targets = [
  { label: "T = 30 s, percent (linear ±3): ≤ 12 requests, mean lag ≤ 1.5 s", r: ours("linear ±3"), lagS: 1.5 },
  { label: "T = 30 s, no percent: ≤ 12 requests, mean lag ≤ 3 s", r: ours("none"), lagS: 3 },
];
console.log("");
for (const { label, r, lagS } of targets) {
  const met = r.maxRequests <= 12 && r.meanLagS <= lagS;
  console.log(
    `- ${label}: ${met ? "met" : "NOT met"} (${r.maxRequests} requests at most, mean lag ${r.meanLagS.toFixed(2)} s)`,
  );
}
