// Where a benchmark's data lives: a SQLite file (the default) or a fresh database on the
// PostgreSQL server GOLDSET_DATABASE_URL names (bench/run.ts sets it for `--db pg`). `env` is what a
// child process (the CLI, `next start`) needs to open the same database.
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Creating and dropping the throwaway database is done on the server's maintenance connection,
// which is no Goldset database and which db/ never opens.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import pg from "pg";
import { openDatabase, type Db } from "@/db";
import { configuredDatabaseUrl, DIALECT } from "@/db/dialect/configured";

/** GOLDSET_BENCH_KEEP=1 leaves the database behind (its location on stderr), to look at its query plans. */
const keep = process.env.GOLDSET_BENCH_KEEP === "1";

export type BenchDatabase = { db: Db; dialect: typeof DIALECT; env: Record<string, string>; close: () => Promise<void> };

export async function openBenchDatabase(label: string): Promise<BenchDatabase> {
  if (DIALECT === "postgres") {
    const server = configuredDatabaseUrl()!;
    const name = `goldset_bench_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
    await onServer(server, `create database "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const { openPostgres } = await import("@/db/postgres-connection");
    const db = await openPostgres(url.toString());
    return {
      db,
      dialect: DIALECT,
      env: { GOLDSET_DATABASE_URL: url.toString() },
      close: async () => {
        await db.$close();
        if (keep) console.error(`kept the database: ${url.toString()}`);
        else await onServer(server, `drop database if exists "${name}" with (force)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `goldset-bench-${label}-`));
  const path = join(dir, `${label}.db`);
  const db = await openDatabase(path);
  return {
    db,
    dialect: DIALECT,
    env: { GOLDSET_DB: path },
    close: async () => {
      await db.$close();
      if (keep) console.error(`kept the database: ${path}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
