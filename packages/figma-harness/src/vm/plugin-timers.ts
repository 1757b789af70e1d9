/**
 * setTimeout/setInterval for plugin code: numeric handles like Figma's, callbacks run through the session (so an
 * error is recorded, not a crash of the test process), and every pending timer is cancelled by `closePlugin`.
 */
export interface PluginTimers {
  setTimeout(callback: () => void, delay?: number): number;
  clearTimeout(handle: number): void;
  setInterval(callback: () => void, delay?: number): number;
  clearInterval(handle: number): void;
  cancelAll(): void;
  readonly pending: number;
}

export function createPluginTimers(run: (callback: () => void) => void): PluginTimers {
  const timers = new Map<number, NodeJS.Timeout>();
  let next = 1;
  const checked = (callback: unknown, name: string): (() => void) => {
    if (typeof callback !== "function") throw new TypeError(`${name}: Expected a function`);
    return callback as () => void;
  };
  const clear = (handle: number) => {
    const timer = timers.get(handle);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(handle);
  };
  return {
    setTimeout(callback, delay = 0) {
      const fn = checked(callback, "setTimeout");
      const handle = next++;
      timers.set(
        handle,
        setTimeout(() => {
          timers.delete(handle);
          run(fn);
        }, Number(delay) || 0),
      );
      return handle;
    },
    clearTimeout: clear,
    setInterval(callback, delay = 0) {
      const fn = checked(callback, "setInterval");
      const handle = next++;
      timers.set(
        handle,
        setInterval(() => run(fn), Math.max(1, Number(delay) || 0)),
      );
      return handle;
    },
    clearInterval: clear,
    cancelAll() {
      for (const handle of [...timers.keys()]) clear(handle);
    },
    get pending() {
      return timers.size;
    },
  };
}
