import "server-only";
import type { RunOwner } from "@/lib/llm/llm-views";

/**
 * Which process executes a run, shown on the LLM page ("command line"). Only a label: whether the
 * run is still being executed is its job's lease (llm-run-job.ts), which works across hosts where a
 * process id would not.
 */
export function currentRunOwner(kind: RunOwner["kind"]): RunOwner {
  return { kind, pid: process.pid };
}
