// migratePostgres applies db/migrations-pg once, records each migration as drizzle's migrator
// does, and two migrators starting at once on an empty database do not both apply them.
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { join } from "node:path";
import { migratePostgres } from "./postgres-migrate";
import { createPgTestDatabase, describePg, type PgTestDatabase } from "./pg-test-support";

describePg("migratePostgres", () => {
  let database: PgTestDatabase;
  beforeAll(async () => {
    database = await createPgTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("applies every migration once, even when two processes start at once", async () => {
    const expected = readMigrationFiles({ migrationsFolder: join(process.cwd(), "db", "migrations-pg") });
    const other = new pg.Pool({ connectionString: database.url, max: 1 });
    const otherClient = new pg.Client({ connectionString: database.url });
    await otherClient.connect();
    try {
      const applied = await Promise.all([migratePostgres(database.pool), migratePostgres(other), migratePostgres(otherClient)]);
      expect(applied.sort()).toEqual([0, 0, expected.length]);
      const recorded = await database.pool.query<{ hash: string; created_at: string }>(`select hash, created_at from drizzle.__drizzle_migrations order by id`);
      expect(recorded.rows.map((r) => ({ hash: r.hash, folderMillis: Number(r.created_at) }))).toEqual(
        expected.map((m) => ({ hash: m.hash, folderMillis: m.folderMillis })),
      );
      expect(await migratePostgres(database.pool)).toBe(0);
      // The lock is released: a session can take it at once.
      const lock = await otherClient.query<{ ok: boolean }>("select pg_try_advisory_lock(7156343812294104) as ok");
      expect(lock.rows[0]!.ok).toBe(true);
    } finally {
      await other.end();
      await otherClient.end();
    }
  });

  it("rolls a failing migration back whole and records nothing", async () => {
    const broken = await createPgTestDatabase({ migrate: false });
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const folder = mkdtempSync(join(tmpdir(), "goldset-pg-migrations-"));
    try {
      mkdirSync(join(folder, "meta"));
      writeFileSync(
        join(folder, "meta", "_journal.json"),
        JSON.stringify({ version: "7", dialect: "postgresql", entries: [{ idx: 0, version: "7", when: 1, tag: "0000_x", breakpoints: true }] }),
      );
      writeFileSync(join(folder, "0000_x.sql"), `create table "t" ("id" integer);\n--> statement-breakpoint\nselect no_such_function();`);
      await expect(migratePostgres(broken.pool, folder)).rejects.toThrow(/no_such_function/);
      const tables = await broken.pool.query(`select 1 from information_schema.tables where table_name = 't'`);
      expect(tables.rowCount).toBe(0);
      const recorded = await broken.pool.query(`select 1 from drizzle.__drizzle_migrations`);
      expect(recorded.rowCount).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await broken.drop();
    }
  });
});
