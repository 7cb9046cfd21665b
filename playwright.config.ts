import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The specs seed through db/queries and lib/auth, server modules guarded by `server-only`: this
// process and every worker (each loads this file) resolve it to its empty module.
import "./scripts/server-only/register.mjs";

// A throwaway database per run. Set here, once, so the web server and every worker (which inherit
// the environment of this process) see the same file.
process.env.GOLDSET_E2E_DIR ??= mkdtempSync(join(tmpdir(), "goldset-e2e-"));
process.env.GOLDSET_DB = join(process.env.GOLDSET_E2E_DIR, "e2e.db");
process.env.GOLDSET_EXPORTS_DIR = join(process.env.GOLDSET_E2E_DIR, "exports");
process.env.GOLDSET_MODELS_DIR = join(process.env.GOLDSET_E2E_DIR, "models");
process.env.NEXTAUTH_SECRET ??= "e2e-only-secret-not-for-production";
const port = Number(process.env.GOLDSET_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  // Every standard person signs in through the login page once (e2e/sign-ins.setup.ts); the specs
  // open contexts with the saved sign-ins (e2e/fixtures.ts).
  projects: [
    { name: "sign-ins", testMatch: "sign-ins.setup.ts" },
    { name: "specs", testMatch: "**/*.spec.ts", dependencies: ["sign-ins"] },
  ],
  // Two cores: one worker, with parallel browser contexts inside the tests that need them.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `npx tsx --import ./scripts/server-only/register.mjs e2e/support/prepare-database.ts && npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/ping`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      GOLDSET_DB: process.env.GOLDSET_DB,
      // The PostgreSQL pass (scripts/test-pg.sh) runs the same suite on a fresh PostgreSQL database.
      ...(process.env.GOLDSET_DATABASE_URL ? { GOLDSET_DATABASE_URL: process.env.GOLDSET_DATABASE_URL } : {}),
      GOLDSET_EXPORTS_DIR: process.env.GOLDSET_EXPORTS_DIR,
      GOLDSET_MODELS_DIR: process.env.GOLDSET_MODELS_DIR,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
      // e2e/llm.spec.ts points the LLM at its scripted server on this loopback address.
      GOLDSET_LLM_ALLOWED_HOSTS: "127.0.0.1",
    },
  },
});
