import { InputError } from "../outcome/errors.js";
import type { JobSource, JobSubject, PlannedResult, ResultPlan, ResultTarget } from "./job-ports.js";
import { encodeLedgerTarget } from "./ledger-target.js";

/**
 * Every input's result, decided before anything runs or is paid for. Throws an InputError (INVALID_REQUEST) when
 * two inputs would be written to one place, instead of failing — or replacing one with the other — later.
 */
export function planResults<S extends JobSource>(
  sources: readonly S[],
  plan: (source: S) => ResultPlan,
): PlannedResult<S>[] {
  const planned = sources.map((source): PlannedResult<S> => ({ ...plan(source), source }));
  refuseSharedTargets(planned);
  return planned;
}

/** Two subjects with one file, node or image target are refused (a folder's names come later, from task ids). */
export function refuseSharedTargets(items: readonly { source: JobSubject; target?: ResultTarget }[]): void {
  const byTarget = new Map<string, JobSubject>();
  for (const { source, target } of items) {
    if (target === undefined || target.kind === "folder") continue;
    const key = encodeLedgerTarget(target);
    const other = byTarget.get(key);
    if (other !== undefined) {
      const place =
        target.kind === "file" ? target.path : target.kind === "node" ? `layer ${target.id}` : `image ${target.hash}`;
      throw new InputError(
        "INVALID_REQUEST",
        `${other.id} and ${source.id} would both be written to ${place}: process them separately.`,
      );
    }
    byTarget.set(key, source);
  }
}
