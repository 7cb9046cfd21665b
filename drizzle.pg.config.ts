// PostgreSQL migrations, from the same tables as drizzle.config.ts (db/schema-definition.ts).
// `npx drizzle-kit generate --config drizzle.pg.config.ts`; applied by db/postgres-migrate.ts.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
  dbCredentials: { url: process.env.GOLDSET_PG_URL ?? "postgres://localhost/goldset" },
});
