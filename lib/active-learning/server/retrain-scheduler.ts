/**
 * Runs retrains in the app's server process, never two at once for a project (the one-at-a-time
 * part is lib/jobs/coalesced-runs.ts). A request that arrives while one runs is folded
 * into a single follow-up run, so a burst of submissions costs at most one extra retrain; the
 * follow-up sees every trigger folded into it. The waiting triggers live on globalThis because
 * Next may load this module once per route bundle, and there must be one set per process.
 */
import "server-only";
import type { Db } from "@/db";
import { isRunning, runCoalesced } from "@/lib/jobs/coalesced-runs";
import { retrainDecision } from "./retrain-due";
import { retrainProject, type RetrainOutcome } from "./retrain-project";
import type { RetrainTrigger } from "./version-metrics";

export type RetrainResult =
  | { readonly status: "retrained"; readonly outcome: RetrainOutcome }
  | { readonly status: "not-due"; readonly reason: string }
  | { readonly status: "failed"; readonly error: string };

/** The follow-up of a project's running retrain, until it starts: its triggers grow meanwhile. */
interface FollowUp {
  readonly triggers: Set<RetrainTrigger>;
  readonly promise: Promise<RetrainResult>;
}

const globalForRetrains = globalThis as unknown as { goldsetRetrainFollowUps?: Map<string, FollowUp> };

function followUps(): Map<string, FollowUp> {
  globalForRetrains.goldsetRetrainFollowUps ??= new Map();
  return globalForRetrains.goldsetRetrainFollowUps;
}

const jobKey = (projectId: string) => `retrain:${projectId}`;

export function isRetraining(projectId: string): boolean {
  return isRunning(jobKey(projectId));
}

/** Retrains the project if `trigger` makes it due (see retrain-due.ts); resolves when done. Never rejects. */
export function requestRetrain({ db, projectId, trigger }: { db: Db; projectId: string; trigger: RetrainTrigger }): Promise<RetrainResult> {
  const key = jobKey(projectId);
  if (!isRunning(key)) return runCoalesced(key, () => run(db, projectId, new Set([trigger])));
  const waiting = followUps().get(projectId);
  if (waiting) {
    waiting.triggers.add(trigger);
    return waiting.promise;
  }
  const triggers = new Set([trigger]);
  // runCoalesced starts this task once the running retrain ends; from then on, a request waits
  // for a follow-up of its own.
  const promise = runCoalesced(key, () => {
    followUps().delete(projectId);
    return run(db, projectId, triggers);
  });
  followUps().set(projectId, { triggers, promise });
  return promise;
}

async function run(db: Db, projectId: string, triggers: ReadonlySet<RetrainTrigger>): Promise<RetrainResult> {
  try {
    const decision = await retrainDecision({ db, projectId, triggers });
    if (!decision.due) return { status: "not-due", reason: decision.reason };
    return { status: "retrained", outcome: await retrainProject({ db, projectId, trigger: decision.trigger }) };
  } catch (error) {
    console.error(`[retrain ${projectId}] failed`, error);
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
