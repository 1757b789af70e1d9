import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock.js";

describe("systemClock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads the system time", () => {
    vi.setSystemTime(Date.UTC(2026, 5, 1));
    expect(systemClock.now()).toBe(Date.UTC(2026, 5, 1));
  });

  it("resolves after the given time, not before", async () => {
    let done = false;
    const sleeping = systemClock.sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it("rejects with ABORTED the moment the signal aborts, and clears its timer", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ code: "ABORTED" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once for an already aborted signal without starting a timer", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(systemClock.sleep(60_000, controller.signal)).rejects.toMatchObject({ code: "ABORTED" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops listening to the signal once it has slept", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const sleeping = systemClock.sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await sleeping;
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("calls back after the given time unless cancelled first, leaving no timer behind", async () => {
    const calls: string[] = [];
    systemClock.after(1_000, () => calls.push("kept"));
    const cancel = systemClock.after(1_000, () => calls.push("cancelled"));
    cancel();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(["kept"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
