// The app server's one job runner, started at boot (instrumentation.ts) and kept on globalThis so
// that Next's per-bundle module copies and dev reloads never start a second one in this process.
import "server-only";
import type { Db } from "@/db";
import { APP_JOB_KINDS } from "./app-job-kinds";
import { startJobRunner, type JobRunner } from "./job-runner";

const globalForRunner = globalThis as unknown as { goldsetJobRunner?: JobRunner };

export function ensureServerJobRunner({ db }: { db: Db }): JobRunner {
  globalForRunner.goldsetJobRunner ??= startJobRunner({ db, kinds: APP_JOB_KINDS });
  return globalForRunner.goldsetJobRunner;
}
