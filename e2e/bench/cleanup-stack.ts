/**
 * Undo actions run last-in first-out, each one even if an earlier one failed: whatever phase of
 * the benchmark fails, every process it started is stopped.
 */
export class CleanupStack {
  private readonly actions: { what: string; undo: () => Promise<unknown> }[] = [];

  defer(what: string, undo: () => Promise<unknown>): void {
    this.actions.push({ what, undo });
  }

  async run(): Promise<void> {
    for (let action = this.actions.pop(); action !== undefined; action = this.actions.pop()) {
      try {
        await action.undo();
      } catch (err) {
        console.error(`cleanup: ${action.what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
