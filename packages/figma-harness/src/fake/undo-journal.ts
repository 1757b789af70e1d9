/**
 * Figma's undo model for plugins: everything a plugin changes lands in one undo step until it calls
 * `figma.commitUndo()`, which closes the step. `undo()` reverts the newest step (the open one first), which lets a
 * test assert "one undo restores every fill the run changed". Canvas set-up done by the test is not recorded.
 */
export class UndoJournal {
  private open: Array<() => void> = [];
  private readonly closed: Array<Array<() => void>> = [];
  private paused = 0;

  record(revert: () => void): void {
    if (this.paused === 0) this.open.push(revert);
  }

  commit(): void {
    if (this.open.length === 0) return;
    this.closed.push(this.open);
    this.open = [];
  }

  /** Reverts the newest step; false when there is nothing to undo. */
  undo(): boolean {
    const step = this.open.length > 0 ? this.open : this.closed.pop();
    this.open = [];
    if (!step) return false;
    this.withoutRecording(() => {
      for (const revert of [...step].reverse()) revert();
    });
    return true;
  }

  /** Closed steps plus the open one, if it has changes. */
  get stepCount(): number {
    return this.closed.length + (this.open.length > 0 ? 1 : 0);
  }

  withoutRecording<T>(action: () => T): T {
    this.paused += 1;
    try {
      return action();
    } finally {
      this.paused -= 1;
    }
  }

  clear(): void {
    this.open = [];
    this.closed.length = 0;
  }
}
