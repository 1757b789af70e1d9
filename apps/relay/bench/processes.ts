import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** A child process that printed a line matching `ready`; `stop` ends it. */
export interface Started {
  child: ChildProcess;
  match: RegExpExecArray;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  rssMiB(): number;
  /** Only for bench/relay-process.mjs: memory still alive after a full GC, in bytes. */
  liveMemory(): Promise<LiveMemory>;
  stop(): Promise<void>;
}

export interface LiveMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export async function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "inherit"],
    cwd: new URL("..", import.meta.url).pathname,
  });
  let output = "";
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  const status = (field: string) => {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
    return Number(kb) / 1024;
  };
  const probe = async () => {
    const from = output.length;
    child.stdin?.write("mem\n");
    for (;;) {
      const found = /MEM (\{.*\})/.exec(output.slice(from));
      if (found?.[1] !== undefined) return JSON.parse(found[1]) as LiveMemory;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    child,
    match,
    liveMemory: probe,
    peakRssMiB: () => status("VmHWM"),
    rssMiB: () => status("VmRSS"),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Median and 95th percentile of `values`, in their unit. */
export function percentiles(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}
