// A separate process for lib/llm/runs/run-recovery.test.ts: an app instance's job runner, reduced
// to the `llm-run` kind, on the database the environment names (db/test-database.ts
// databaseEnvFor) with a short lease. The test lets it execute a run partway and kills it.
//   node --import tsx --import ./scripts/server-only/register.mjs lib/llm/runs/llm-run-runner-process.ts <leaseMs>
import { getDb } from "@/db";
import { startJobRunner } from "@/lib/jobs/job-runner";
import { llmRunJobKind } from "./llm-run-job";

const leaseMs = Number(process.argv[2]);
const db = await getDb();
const runner = startJobRunner({
  db,
  leaseMs,
  heartbeatMs: Math.floor(leaseMs / 4),
  pollMs: 20,
  concurrency: 1,
  kinds: [llmRunJobKind({ engine: { progressIntervalMs: 20, stopPollIntervalMs: 20 } })],
});
process.stdout.write(`runner ${runner.owner}\n`);
