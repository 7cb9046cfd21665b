/**
 * Runs retrains in the app's server process, never two at once for a project. A request that
 * arrives while one runs is folded into a single follow-up run, so a burst of submissions costs
 * at most one extra retrain. The registry lives on globalThis because Next may load this module
 * once per route bundle, and there must be one per process.
 */
import type { Db } from "@/db";
import { retrainDecision } from "./retrain-due";
import { retrainProject, type RetrainOutcome } from "./retrain-project";
import type { RetrainTrigger } from "./version-metrics";

export type RetrainResult =
  | { readonly status: "retrained"; readonly outcome: RetrainOutcome }
  | { readonly status: "not-due"; readonly reason: string }
  | { readonly status: "failed"; readonly error: string };

interface Job {
  running: Promise<RetrainResult>;
  next: { readonly triggers: Set<RetrainTrigger>; readonly promise: Promise<RetrainResult> } | null;
}

const globalForRetrains = globalThis as unknown as { goldsetRetrainJobs?: Map<string, Job> };

function jobs(): Map<string, Job> {
  globalForRetrains.goldsetRetrainJobs ??= new Map();
  return globalForRetrains.goldsetRetrainJobs;
}

export function isRetraining(projectId: string): boolean {
  return jobs().has(projectId);
}

/** Retrains the project if `trigger` makes it due (see retrain-due.ts); resolves when done. Never rejects. */
export function requestRetrain({ db, projectId, trigger }: { db: Db; projectId: string; trigger: RetrainTrigger }): Promise<RetrainResult> {
  const job = jobs().get(projectId);
  if (!job) return launch(db, projectId, new Set([trigger]), null);
  if (job.next) {
    job.next.triggers.add(trigger);
    return job.next.promise;
  }
  const triggers = new Set([trigger]);
  const promise = job.running.then(() => {
    job.next = null;
    return launch(db, projectId, triggers, job);
  });
  job.next = { triggers, promise };
  return promise;
}

function launch(db: Db, projectId: string, triggers: Set<RetrainTrigger>, existing: Job | null): Promise<RetrainResult> {
  const running = run(db, projectId, triggers);
  const job: Job = existing ?? { running, next: null };
  job.running = running;
  jobs().set(projectId, job);
  void running.finally(() => {
    // A follow-up registered meanwhile starts from its own callback and keeps the entry.
    if (!job.next && jobs().get(projectId) === job) jobs().delete(projectId);
  });
  return running;
}

async function run(db: Db, projectId: string, triggers: ReadonlySet<RetrainTrigger>): Promise<RetrainResult> {
  try {
    const decision = retrainDecision({ db, projectId, triggers });
    if (!decision.due) return { status: "not-due", reason: decision.reason };
    return { status: "retrained", outcome: await retrainProject({ db, projectId, trigger: decision.trigger }) };
  } catch (error) {
    console.error(`[retrain ${projectId}] failed`, error);
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
