// Runs once when the Next server starts: pre-labelling runs that were going when the app stopped
// are resumed at once, not at the first request (requests still call ensureRunsRecovered too).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { ensureRunsRecovered }] = await Promise.all([import("@/db"), import("@/lib/llm/run-manager")]);
  ensureRunsRecovered({ db: getDb() });
}
