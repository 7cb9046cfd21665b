// Pages pushed by one side, items read by the other as an async iterable: how a job's worker
// thread feeds pages that arrive as messages to code written against an iterable (the split's
// planner, the export writers). `push` resolves once the reader has taken the page, so the sender
// keeps at most one page waiting; `fail` ends the reading with the sender's error.
export class PageChannel<T> implements AsyncIterable<T> {
  private readonly pages: { items: readonly T[]; taken: () => void }[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private error: Error | null = null;

  push(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("A page arrived after the last one."));
    return new Promise<void>((taken) => {
      this.pages.push({ items, taken });
      this.notify();
    });
  }

  /** No page follows. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  fail(error: Error): void {
    this.error = error;
    this.close();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.error) throw this.error;
      const page = this.pages.shift();
      if (page) {
        page.taken();
        yield* page.items;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
