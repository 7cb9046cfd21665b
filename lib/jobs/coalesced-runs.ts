/**
 * Runs a project's background job at most once at a time. A request that arrives while the job
 * runs is folded into a single follow-up run, which every request made meanwhile shares: a burst
 * of submissions costs at most one extra run, and the last request always sees a run that started
 * after it. The registry lives on globalThis because Next may load a module once per route bundle.
 */
interface Slot<T> {
  running: Promise<T>;
  next: Promise<T> | null;
}

const globalForRuns = globalThis as unknown as { goldsetCoalescedRuns?: Map<string, Slot<unknown>> };

function slots(): Map<string, Slot<unknown>> {
  globalForRuns.goldsetCoalescedRuns ??= new Map();
  return globalForRuns.goldsetCoalescedRuns;
}

export function isRunning(key: string): boolean {
  return slots().has(key);
}

export function runCoalesced<T>(key: string, task: () => Promise<T>): Promise<T> {
  const slot = slots().get(key) as Slot<T> | undefined;
  if (!slot) return start(key, task, null);
  if (slot.next) return slot.next;
  slot.next = slot.running.then(
    () => start(key, task, slot),
    () => start(key, task, slot),
  );
  return slot.next;
}

function start<T>(key: string, task: () => Promise<T>, existing: Slot<T> | null): Promise<T> {
  const running = Promise.resolve().then(task);
  const slot: Slot<T> = existing ?? { running, next: null };
  slot.running = running;
  slot.next = null;
  slots().set(key, slot as Slot<unknown>);
  const settle = () => {
    if (!slot.next && slots().get(key) === slot) slots().delete(key);
  };
  running.then(settle, settle);
  return running;
}
