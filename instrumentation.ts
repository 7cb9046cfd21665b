// Runs once when the Next server starts: pre-labelling runs that were going when the app stopped
// are resumed at once, not at the first request (requests still call ensureRunsRecovered too), the
// background job runner starts (retrains, Dawid–Skene refits: lib/jobs; it also takes over jobs
// whose runner died), and export folders half-written by a killed process are removed. It also
// records each request's TCP peer address for the sign-in throttle, and on a database without
// users says how to create the first admin (`npm start` never creates accounts itself).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { ensureRunsRecovered }, { ensureServerJobRunner }, { installPeerAddressHeader }, { countUsers }, { removeLeftoverPartials }, { env }] =
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
  await ensureRunsRecovered({ db });
  ensureServerJobRunner({ db });
  if ((await countUsers({ db })) === 0) {
    console.log(
      'Goldset: this database has no users yet. Create the first site admin with:\n  npx goldset user add --admin --email you@example.org --name "Your Name"',
    );
  }
}
