import "server-only";
import type { RunOwner } from "@/lib/llm/llm-views";

/**
 * Which process executes a run. The database is a local SQLite file, so owners share the host and
 * a process id says whether the owner is still there.
 */

export function currentRunOwner(kind: RunOwner["kind"]): RunOwner {
  return { kind, pid: process.pid };
}

/** True if the process exists, even when it belongs to another user (EPERM). */
export function isOwnerAlive(owner: RunOwner | null): boolean {
  if (owner === null) return false;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
