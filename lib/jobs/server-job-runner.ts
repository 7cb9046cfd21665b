// The app server's job runners, started at boot (instrumentation.ts) and kept on globalThis so
// that Next's per-bundle module copies and dev reloads never start a second set in this process.
import "server-only";
import type { Db } from "@/db";
import { env } from "@/lib/env";
import { llmRunJob } from "@/lib/llm/runs/llm-run-job";
import { webhookDeliveryJob } from "@/lib/webhooks/webhook-delivery-job";
import { APP_JOB_KINDS } from "./app-job-kinds";
import { startJobRunner, type JobRunner } from "./job-runner";

/**
 * Pre-labelling runs last as long as their items take (hours for a large project), so they have
 * slots of their own: retrains, refits and imports never wait behind them, and this many runs
 * execute at once on this instance (more wait queued, or run on another instance).
 */
const LLM_RUN_SLOTS = 4;
/** Webhook deliveries wait on receivers (up to 10 s each), so they too get slots of their own. */
const WEBHOOK_SLOTS = 2;

const globalForRunner = globalThis as unknown as { goldsetJobRunners?: readonly JobRunner[] };

export function ensureServerJobRunners({ db }: { db: Db }): readonly JobRunner[] {
  const timing = { leaseMs: env().GOLDSET_JOB_LEASE_MS, pollMs: env().GOLDSET_JOB_POLL_MS };
  globalForRunner.goldsetJobRunners ??= [
    startJobRunner({ db, ...timing, kinds: APP_JOB_KINDS.filter((kind) => kind !== llmRunJob && kind !== webhookDeliveryJob) }),
    startJobRunner({ db, ...timing, kinds: [llmRunJob], concurrency: LLM_RUN_SLOTS }),
    startJobRunner({ db, ...timing, kinds: [webhookDeliveryJob], concurrency: WEBHOOK_SLOTS }),
  ];
  return globalForRunner.goldsetJobRunners;
}
