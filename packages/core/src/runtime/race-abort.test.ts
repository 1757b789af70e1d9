import { describe, expect, it, vi } from "vitest";
import { UpscaleError } from "../outcome/errors.js";
import { raceAbort } from "./race-abort.js";

const never = () => new Promise<never>(() => {});

describe("raceAbort", () => {
  it("returns the promise itself when there is no signal", () => {
    const promise = Promise.resolve(1);
    expect(raceAbort(promise, undefined)).toBe(promise);
  });

  it("resolves and rejects with the promise while the signal stays quiet", async () => {
    const signal = new AbortController().signal;
    await expect(raceAbort(Promise.resolve("ok"), signal)).resolves.toBe("ok");
    await expect(raceAbort(Promise.reject(new Error("boom")), signal)).rejects.toThrow("boom");
  });

  it("rejects with ABORTED at once for an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(raceAbort(never(), controller.signal)).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("keeps the abandoned work's own later failure from going unhandled", async () => {
    const controller = new AbortController();
    controller.abort();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const work = new Promise((_, reject) => setTimeout(() => reject(new Error("late failure")), 1));
      await expect(raceAbort(work, controller.signal)).rejects.toMatchObject({ code: "ABORTED" });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", record);
    }
    expect(unhandled).toEqual([]);
  });

  it("rejects with ABORTED when aborted, even though the work never settles", async () => {
    const controller = new AbortController();
    const raced = raceAbort(never(), controller.signal, "6558a19c0bfe4600011437cd");
    controller.abort();
    const error = await raced.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpscaleError);
    expect(error).toMatchObject({ code: "ABORTED", taskId: "6558a19c0bfe4600011437cd" });
  });

  it("stops listening once the work settles", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    await raceAbort(Promise.resolve(1), controller.signal);
    await raceAbort(Promise.reject(new Error("x")), controller.signal).catch(() => undefined);
    expect(remove).toHaveBeenCalledTimes(2);
  });
});
