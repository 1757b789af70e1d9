import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { abortOnInterrupt } from "./interrupt.js";

describe("abortOnInterrupt", () => {
  it("aborts on the first signal, force-quits on the second, and can stop listening", () => {
    const source = new EventEmitter();
    const controller = new AbortController();
    const calls: string[] = [];
    const stop = abortOnInterrupt(source, controller, {
      onStopping: () => calls.push("stopping"),
      onForceQuit: () => calls.push("quit"),
    });
    source.emit("SIGINT");
    expect(controller.signal.aborted).toBe(true);
    expect(calls).toEqual(["stopping"]);
    source.emit("SIGTERM");
    expect(calls).toEqual(["stopping", "quit"]);
    stop();
    source.emit("SIGINT");
    expect(calls).toEqual(["stopping", "quit"]);
    expect(source.listenerCount("SIGINT")).toBe(0);
  });
});
