// Vitest global setup: says once per run whether the PostgreSQL tests (db/pg-test-support.ts) run.
export default function setup(): void {
  if (!process.env.GOLDSET_TEST_PG_URL) {
    console.log("PostgreSQL tests skipped: GOLDSET_TEST_PG_URL is not set (npm run test:pg starts a throwaway server)");
  } else {
    const url = new URL(process.env.GOLDSET_TEST_PG_URL);
    console.log(`PostgreSQL tests run against ${url.host}${url.pathname}`);
  }
}
