import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { JobSignals } from "./job-signals.js";

describe("JobSignals", () => {
  it("feeds any number of jobs from one listener on the run's signal", () => {
    const run = new AbortController();
    const signals = new JobSignals(run.signal);
    const jobs = Array.from({ length: 30 }, () => signals.open());
    expect(getEventListeners(run.signal, "abort")).toHaveLength(1);
    run.abort("stop");
    expect(jobs.every((job) => job.signal.aborted && job.signal.reason === "stop")).toBe(true);
  });

  it("spares a job committed to a billed request until it releases it; a closed job is left alone", () => {
    const run = new AbortController();
    const signals = new JobSignals(run.signal);
    const billed = signals.open();
    const release = billed.commitBilled();
    const closed = signals.open();
    closed.close();
    expect(signals.billedInFlight).toBe(1);

    run.abort();
    expect(billed.signal.aborted).toBe(false);
    expect(closed.signal.aborted).toBe(false);
    release();
    expect(billed.signal.aborted).toBe(true);
    expect(signals.billedInFlight).toBe(0);
  });

  it("a job opened or committing after the cancel is cancelled already", () => {
    const run = new AbortController();
    const signals = new JobSignals(run.signal);
    const early = signals.open();
    run.abort();
    early.commitBilled();
    expect(early.signal.aborted).toBe(true);
    expect(signals.open().signal.aborted).toBe(true);
    expect(signals.billedInFlight).toBe(0);
  });
});
