import { describe, expect, it, vi } from "vitest";
import { abortError } from "../outcome/errors.js";
import { type CancelSignal, createCancellation } from "./cancellation.js";
import { raceAbort } from "./race-abort.js";

describe("createCancellation", () => {
  it("starts not aborted, with no reason", () => {
    const { signal } = createCancellation();
    expect(signal.aborted).toBe(false);
    expect(signal.reason).toBeUndefined();
  });

  it("calls each listener once, in order, synchronously on the first cancel", () => {
    const { signal, cancel } = createCancellation();
    const calls: string[] = [];
    const first = () => calls.push("first");
    signal.addEventListener("abort", first, { once: true });
    signal.addEventListener("abort", first);
    signal.addEventListener("abort", () => calls.push("second"));
    cancel("why");
    expect(calls).toEqual(["first", "second"]);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe("why");
    cancel("again");
    expect(calls).toEqual(["first", "second"]);
    expect(signal.reason).toBe("why");
  });

  it("gives an AbortError as reason when none is given, as AbortController does", () => {
    const { signal, cancel } = createCancellation();
    cancel();
    expect(signal.reason).toBeInstanceOf(Error);
    expect((signal.reason as Error).name).toBe("AbortError");
    expect(abortError(signal)).toMatchObject({ name: "TaskError", code: "ABORTED" });
  });

  it("never calls a removed listener, nor one added after the cancel", () => {
    const { signal, cancel } = createCancellation();
    const removed = vi.fn();
    const late = vi.fn();
    signal.addEventListener("abort", removed);
    signal.removeEventListener("abort", removed);
    cancel();
    signal.addEventListener("abort", late);
    expect(removed).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });

  it("ignores event types other than abort", () => {
    const { signal, cancel } = createCancellation();
    const listener = vi.fn();
    (signal as unknown as { addEventListener(type: string, l: () => void): void }).addEventListener("other", listener);
    (signal as unknown as { removeEventListener(type: string, l: () => void): void }).removeEventListener(
      "other",
      listener,
    );
    cancel();
    expect(listener).not.toHaveBeenCalled();
  });

  it("runs every listener even when one throws, then rethrows the first error", () => {
    const { signal, cancel } = createCancellation();
    const after = vi.fn();
    signal.addEventListener("abort", () => {
      throw new Error("listener broke");
    });
    signal.addEventListener("abort", () => {
      throw new Error("second failure");
    });
    signal.addEventListener("abort", after);
    expect(() => cancel()).toThrow("listener broke");
    expect(after).toHaveBeenCalledOnce();
    expect(signal.aborted).toBe(true);
  });

  it("works where AbortController and EventTarget do not exist", async () => {
    vi.stubGlobal("AbortController", undefined);
    vi.stubGlobal("EventTarget", undefined);
    try {
      const { signal, cancel } = createCancellation();
      const pending = raceAbort(new Promise(() => {}), signal, "6558a19c0bfe4600011437cd");
      cancel();
      await expect(pending).rejects.toMatchObject({ code: "ABORTED", taskId: "6558a19c0bfe4600011437cd" });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("accepts a real AbortSignal wherever a CancelSignal is expected", () => {
    const controller = new AbortController();
    const signal: CancelSignal = controller.signal;
    const listener = vi.fn();
    signal.addEventListener("abort", listener, { once: true });
    controller.abort("stop");
    expect(listener).toHaveBeenCalledOnce();
    expect(signal.reason).toBe("stop");
  });
});
