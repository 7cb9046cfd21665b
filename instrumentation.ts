// Runs once when the Next server starts: the background job runner starts (retrains, Dawid–Skene
// refits, pre-labelling runs: lib/jobs; it also takes over the jobs of any instance that died,
// once their lease lapses), runs marked running without a job get one (left by an older version or
// a process that died between recording the run and queueing it), and export folders half-written
// by a killed process are removed. It also records each request's TCP peer address for the sign-in
// throttle, and on a database without users says how to create the first admin (`npm start` never
// creates accounts itself).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { queueRunsWithoutJob }, { ensureServerJobRunners }, { installPeerAddressHeader }, { countUsers }, { removeLeftoverPartials }, { env }] =
    await Promise.all([
      import("@/db"),
      import("@/lib/llm/runs/run-manager"),
      import("@/lib/jobs/server-job-runner"),
      import("@/lib/auth/client-address"),
      import("@/db/queries/users"),
      import("@/lib/export/server/leftover-partials"),
      import("@/lib/env"),
    ]);
  installPeerAddressHeader();
  removeLeftoverPartials(env().GOLDSET_EXPORTS_DIR);
  const db = await getDb();
  ensureServerJobRunners({ db });
  try {
    await queueRunsWithoutJob({ db });
  } catch (error) {
    // The server must start anyway; the LLM page shows such a run as running, and a restart tries again.
    console.error("Goldset: could not queue the jobs of interrupted pre-labelling runs:", error);
  }
  if ((await countUsers({ db })) === 0) {
    console.log(
      'Goldset: this database has no users yet. Create the first site admin with:\n  npx goldset user add --admin --email you@example.org --name "Your Name"',
    );
  }
}
