/**
 * Midjourney tasks that exist (and may have been paid for) but whose image was not saved yet. Whatever is
 * left at the end — cancelled, timed out, connection lost — is printed as a `resume` command.
 */
export class ResumableTasks {
  readonly #pending = new Set<string>();
  readonly #seen = new Set<string>();

  /** Records a task; true the first time this id is seen (announce it then). */
  add(taskId: string): boolean {
    if (this.#seen.has(taskId)) return false;
    this.#seen.add(taskId);
    this.#pending.add(taskId);
    return true;
  }

  /** The task needs nothing more: its image was saved, or it failed for good. */
  settle(taskId: string): void {
    this.#pending.delete(taskId);
  }

  pending(): string[] {
    return [...this.#pending];
  }
}

export function resumeCommand(taskIds: readonly string[]): string {
  return `upscale midjourney resume ${taskIds.join(" ")}`;
}
