import { expect, it } from "vitest";
import { createCancellation } from "../runtime/cancellation.js";
import { createJobSignals } from "./job-signals.js";

it("a cancel of the run reaches every open job except one holding a billed call", () => {
  const run = createCancellation();
  const signals = createJobSignals(run.signal);
  const free = signals.open();
  const billed = signals.open();
  const done = signals.open();
  billed.hold();
  done.close();
  run.cancel("stop");
  expect(free.signal.aborted).toBe(true);
  expect(free.signal.reason).toBe("stop");
  expect(billed.signal.aborted).toBe(false);
  expect(done.signal.aborted).toBe(false);
  expect(signals.open().signal.reason).toBe("stop");
});

it("puts one listener on the run's signal, however many jobs run", () => {
  const controller = new AbortController();
  let added = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
    added++;
    add(...args);
  }) as typeof add;
  const signals = createJobSignals(controller.signal);
  const jobs = Array.from({ length: 12 }, () => signals.open());
  controller.abort();
  expect(added).toBe(1);
  expect(jobs.every((job) => job.signal.aborted)).toBe(true);
});

it("without a run signal, jobs are never cancelled", () => {
  const job = createJobSignals(undefined).open();
  expect(job.signal.aborted).toBe(false);
});
