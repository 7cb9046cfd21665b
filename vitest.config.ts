import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // Server modules start with `import "server-only"`, which throws unless resolved as React
      // Server Components resolve it; the tests load them on purpose.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "bench/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // Says once whether the PostgreSQL tests run (GOLDSET_TEST_PG_URL) or are skipped.
    globalSetup: ["./db/pg-test-global-setup.ts"],
    // Two cores: keep workers low so the suite does not thrash next to a build.
    maxWorkers: 2,
    testTimeout: 30_000,
    // The LLM tests talk to a scripted server on loopback, which the outbound policy refuses unless listed.
    env: { GOLDSET_LLM_ALLOWED_HOSTS: "127.0.0.1" },
  },
});
