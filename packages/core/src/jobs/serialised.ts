/** `step` run one call at a time, in call order, whatever earlier calls ended with. */
export function serialised<A extends unknown[], R>(step: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = queue.then(
      () => step(...args),
      () => step(...args),
    );
    queue = run.catch(() => undefined);
    return run;
  };
}
