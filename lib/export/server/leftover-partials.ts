// An export is written to `<folder>.partial-<pid>` and renamed when complete; a process killed
// mid-export leaves that folder behind. At start, such folders of processes no longer running go.
import "server-only";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const PARTIAL = /\.partial-(\d+)$/;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes leftover partial export folders under `exportsDir` and returns their paths. */
export function removeLeftoverPartials(exportsDir: string): string[] {
  const removed: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      const partial = PARTIAL.exec(entry.name);
      if (!partial) visit(path);
      else if (!isRunning(Number(partial[1]))) {
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      }
    }
  };
  visit(exportsDir);
  return removed;
}
