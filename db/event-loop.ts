// Long walks over a table (a snapshot's records, a project's ratings) read and write a page at a
// time and give the event loop a turn between pages: on SQLite every statement runs synchronously,
// and awaiting one that already finished lets no timer or request in, so without a turn the walk
// holds the loop from its first page to its last.
import "server-only";

/** Resolves after pending I/O and timers have had their turn (setImmediate runs after them). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
