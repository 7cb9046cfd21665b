// A separate process for lib/jobs/job-runner.test.ts: runs a job runner on the database the
// environment names (db/test-database.ts databaseEnvFor) with a short lease, claims the "stall"
// job, reports progress, says so on stdout, and then never finishes it: the test kills it.
//   tsx lib/jobs/stalling-runner-process.ts <leaseMs>
import { getDb } from "@/db";
import { startJobRunner } from "./job-runner";

const leaseMs = Number(process.argv[2]);
const db = await getDb();
startJobRunner({
  db,
  leaseMs,
  heartbeatMs: Math.floor(leaseMs / 4),
  pollMs: 20,
  concurrency: 1,
  kinds: [
    {
      kind: "stall",
      maxAttempts: 3,
      async run({ job, reportProgress }) {
        await reportProgress({ done: 1, total: 2, message: `half way in process ${process.pid}` });
        process.stdout.write(`claimed ${job.id}\n`);
        return new Promise<never>(() => {});
      },
    },
  ],
});
