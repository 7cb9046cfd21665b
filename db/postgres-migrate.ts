// Applies the PostgreSQL migrations (db/migrations-pg, from drizzle.pg.config.ts) the way
// drizzle's own migrator does: every migration newer than the last one recorded in
// drizzle.__drizzle_migrations runs, with its hash and timestamp recorded there, all in one
// transaction. Unlike drizzle's migrator it holds a session advisory lock while it does so, so two
// processes starting at once against an empty database do not both apply the migrations: the
// second waits, then finds them recorded.
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import pg from "pg";

/** The advisory lock every Goldset PostgreSQL migrator takes (an arbitrary constant, the same in every process). */
export const MIGRATION_LOCK_KEY = 7_156_343_812_294_104n;

const SCHEMA = "drizzle";
const TABLE = "__drizzle_migrations";

export function defaultPgMigrationsFolder(): string {
  return process.env.GOLDSET_MIGRATIONS_PG_DIR ?? join(process.cwd(), "db", "migrations-pg");
}

/** Applies every pending migration of `folder`; returns how many it applied. */
export async function migratePostgres(client: pg.Pool | pg.Client, folder: string = defaultPgMigrationsFolder()): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const connection = client instanceof pg.Pool ? await client.connect() : client;
  try {
    await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      await connection.query(`create schema if not exists "${SCHEMA}"`);
      await connection.query(`create table if not exists "${SCHEMA}"."${TABLE}" (id serial primary key, hash text not null, created_at bigint)`);
      const last = await connection.query<{ created_at: string | null }>(`select created_at from "${SCHEMA}"."${TABLE}" order by created_at desc limit 1`);
      const lastMillis = last.rows[0]?.created_at == null ? undefined : Number(last.rows[0].created_at);
      const pending = migrations.filter((m) => lastMillis === undefined || lastMillis < m.folderMillis);
      if (pending.length === 0) return 0;
      await connection.query("begin");
      try {
        for (const migration of pending) {
          for (const statement of migration.sql) if (statement.trim()) await connection.query(statement);
          await connection.query(`insert into "${SCHEMA}"."${TABLE}" (hash, created_at) values ($1, $2)`, [migration.hash, migration.folderMillis]);
        }
        await connection.query("commit");
      } catch (error) {
        await connection.query("rollback");
        throw error;
      }
      return pending.length;
    } finally {
      await connection.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
  }
}

/** Applies every pending migration to the database at `url` over a connection of its own, closed afterwards. */
export async function migratePostgresAt(url: string, folder: string = defaultPgMigrationsFolder()): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await migratePostgres(client, folder);
  } finally {
    await client.end();
  }
}
