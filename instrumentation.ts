// Runs once when the Next server starts: pre-labelling runs that were going when the app stopped
// are resumed at once, not at the first request (requests still call ensureRunsRecovered too), and
// export folders half-written by a killed process are removed.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { ensureRunsRecovered }, { removeLeftoverPartials }, { env }] = await Promise.all([
    import("@/db"),
    import("@/lib/llm/run-manager"),
    import("@/lib/export-files/leftover-partials"),
    import("@/lib/env"),
  ]);
  removeLeftoverPartials(env().GOLDSET_EXPORTS_DIR);
  ensureRunsRecovered({ db: getDb() });
}
