// Which database this process runs on, decided once from GOLDSET_DATABASE_URL: PostgreSQL when it
// names one (postgres:// or postgresql://), the embedded SQLite file (GOLDSET_DB) otherwise. Read
// from process.env at module load because the table objects every query imports are built from it
// (db/schema.ts); lib/env.ts validates the same variable for the app's own settings.
export type Dialect = "sqlite" | "postgres";

export function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//i.test(value.trim());
}

export function configuredDatabaseUrl(): string | undefined {
  const url = process.env.GOLDSET_DATABASE_URL?.trim();
  return url ? url : undefined;
}

export const DIALECT: Dialect = isPostgresUrl(configuredDatabaseUrl()) ? "postgres" : "sqlite";
