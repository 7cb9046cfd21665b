// `goldset db copy` against a real SQLite file and a real PostgreSQL database (skipped without
// GOLDSET_TEST_PG_URL): everything arrives, decoded equal, ids and sequences right, snapshots
// verified; and a non-empty target, a failure half-way, a tampered snapshot or an interruption all
// leave the target as it was.
import { afterAll, beforeAll, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableColumns } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { describeSqliteToPg, createPgTestDatabase, type PgTestDatabase } from "../pg-test-support";
import { schemaDefinition } from "../schema-definition";
import { buildSqliteSchema } from "../dialect/sqlite-columns";
import { buildPgSchema } from "../dialect/pg-columns";
import { copyPlan, ident } from "./copy-plan";
import { copyDatabase, CopyInterrupted } from "./copy-database";
import { HAND_WRITTEN_JSON, seedEverything } from "./copy-test-seed";

const sqliteTables = buildSqliteSchema(schemaDefinition) as unknown as Record<string, never>;
const pgTables = buildPgSchema(schemaDefinition) as unknown as Record<string, never>;
const plan = copyPlan();

let dir: string;
let source: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "goldset-copy-"));
  source = join(dir, "source.db");
  await seedEverything(source);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowCounts(target: PgTestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of plan) counts[table.name] = Number((await target.pool.query(`select count(*) as n from ${ident(table.name)}`)).rows[0].n);
  return counts;
}

/** Triggers left disabled (the copy turns the target's own off inside its transaction only). */
async function disabledTriggers(target: PgTestDatabase): Promise<number> {
  return Number((await target.pool.query(`select count(*) as n from pg_trigger where not tgisinternal and tgenabled = 'D'`)).rows[0].n);
}

/** The PostgreSQL migrations a fresh target gets: every one in the journal. */
function pgMigrationCount(): number {
  return (JSON.parse(readFileSync(join(process.cwd(), "db", "migrations-pg", "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
}

const allZero = () => Object.fromEntries(plan.map((t) => [t.name, 0]));

/** Rows in a fixed order: by their primary key values, compared as JS strings (collations differ). */
function sorted<T extends Record<string, unknown>>(rows: T[], keys: string[]): T[] {
  const keyOf = (row: T) => JSON.stringify(keys.map((k) => row[k]));
  return [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

describeSqliteToPg("goldset db copy", () => {
  it("copies every table into an empty database: rows equal, ids kept, sequences advanced, snapshots verified", async () => {
    const target = await createPgTestDatabase({ migrate: false });
    try {
      const lines: string[] = [];
      const summary = await copyDatabase({
        from: source,
        to: target.url,
        batchSize: 50, // several pages per table, so keyset paging is exercised
        progress: { start: (n) => lines.push(`start ${n}`), table: (name, n) => lines.push(`${name} ${n}`), advance: () => undefined, done: () => lines.push("done") },
      });
      console.log(`copy test: ${summary.rows} rows in ${summary.tables.length} tables, ${summary.snapshots.length} hashes verified, ${summary.seconds.toFixed(2)} s`);
      expect(summary.migrationsApplied).toBe(pgMigrationCount());
      expect(summary.triggersDisabled).toBe(true);
      expect(await disabledTriggers(target)).toBe(0);
      expect(summary.snapshots.map((s) => s.format).sort()).toEqual(["csv", "hf", "jsonl", "label-studio"]);
      expect(lines[0]).toBe(`start ${summary.rows}`);
      // The tables triggers keep come last, overwriting what the triggers may have written.
      expect(lines.slice(-3, -1).map((line) => line.split(" ")[0]).sort()).toEqual(["item_final_labels", "project_counts"]);

      const sqlite = new Database(source, { readonly: true });
      const sdb = drizzleSqlite(sqlite);
      const pdb = drizzlePg(target.pool);
      try {
        const empty: string[] = [];
        for (const table of plan) {
          const keys = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
          const byName = Object.fromEntries(Object.entries(getTableColumns(sqliteTables[table.key]!) as Record<string, { name: string }>).map(([k, c]) => [c.name, k]));
          const keyFields = keys.map((k) => byName[k]!);
          const expected = sorted((await sdb.select().from(sqliteTables[table.key]!)) as Record<string, unknown>[], keyFields);
          const actual = sorted((await pdb.select().from(pgTables[table.key]!)) as Record<string, unknown>[], keyFields);
          expect(actual, table.name).toEqual(expected);
          if (expected.length === 0) empty.push(table.name);
        }
        expect(empty, "tables the seed left empty").toEqual([]);

        // The supersede chain and the retry run survived (self-references).
        const chain = await target.pool.query(`select count(*) as n from annotations where supersedes_id is not null`);
        expect(Number(chain.rows[0].n)).toBe(Number((sqlite.prepare(`select count(*) as n from annotations where supersedes_id is not null`).get() as { n: number }).n));
        expect(Number(chain.rows[0].n)).toBeGreaterThanOrEqual(2);
        expect((await target.pool.query(`select count(*) as n from prelabel_runs where retry_of_run_id is not null`)).rows[0].n).toBe("1");

        // JSON text byte for byte, including text JSON.stringify would have respelled.
        expect((await target.pool.query(`select details::text as t from audit_log where action = 'test.hand_written'`)).rows[0].t).toBe(HAND_WRITTEN_JSON);
        const sourceRecords = sqlite.prepare(`select snapshot_id, item_id, record from export_snapshot_records order by snapshot_id, item_id`).all() as { record: string }[];
        const targetRecords = (await target.pool.query(`select record::text as record from export_snapshot_records order by snapshot_id, item_id`)).rows as { record: string }[];
        expect(targetRecords.map((r) => r.record)).toEqual(sourceRecords.map((r) => r.record));

        // project_counts: the source's values, not double-counted by the target's triggers.
        expect((await target.pool.query(`select project_id, items, open_items, label_submissions from project_counts`)).rows).toEqual(
          sqlite.prepare(`select project_id, items, open_items, label_submissions from project_counts`).all(),
        );

        // Sequences: a row inserted without an id gets the next one.
        for (const table of plan.filter((t) => t.identity === "id")) {
          const max = Number((sqlite.prepare(`select coalesce(max(id), 0) as m from ${ident(table.name)}`).get() as { m: number }).m);
          const next = Number((await target.pool.query(`select nextval(pg_get_serial_sequence($1, 'id')) as n`, [ident(table.name)])).rows[0].n);
          expect(next, table.name).toBe(max + 1);
        }
        const inserted = await target.pool.query(`insert into audit_log (action, target_type) values ('after.copy', 'test') returning id`);
        const auditMax = (sqlite.prepare(`select max(id) as m from audit_log`).get() as { m: number }).m;
        expect(inserted.rows[0].id).toBeGreaterThan(auditMax);
      } finally {
        sqlite.close();
      }

      // A second copy into the now full database is refused, naming the first table with rows.
      await expect(copyDatabase({ from: source, to: target.url })).rejects.toThrow(/not empty: table users holds rows/);
    } finally {
      await target.drop();
    }
  }, 120_000);

  it("refuses a target that already holds data and leaves it unchanged", async () => {
    const target = await createPgTestDatabase({ migrate: true });
    try {
      await target.pool.query(`insert into site_settings (key, value, updated_at) values ('existing', '"kept"', 1)`);
      const before = await rowCounts(target);
      await expect(copyDatabase({ from: source, to: target.url })).rejects.toThrow(/table site_settings holds rows/);
      expect(await rowCounts(target)).toEqual(before);
      expect(before.site_settings).toBe(1);
    } finally {
      await target.drop();
    }
  });

  it("as a role that does not own the tables (triggers stay on), still ends with the source's project_counts", async () => {
    const target = await createPgTestDatabase({ migrate: true });
    const role = `copier_${Math.random().toString(36).slice(2, 10)}`;
    try {
      await target.pool.query(`create role ${role} login`);
      await target.pool.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
      await target.pool.query(`grant usage, select, update on all sequences in schema public to ${role}`);
      await target.pool.query(`grant usage on schema drizzle to ${role}`);
      await target.pool.query(`grant select on all tables in schema drizzle to ${role}`);
      const url = new URL(target.url);
      url.username = role;
      const summary = await copyDatabase({ from: source, to: url.toString() });
      expect(summary.triggersDisabled).toBe(false);
      const sqlite = new Database(source, { readonly: true });
      try {
        expect((await target.pool.query(`select project_id, items, open_items, label_submissions from project_counts`)).rows).toEqual(
          sqlite.prepare(`select project_id, items, open_items, label_submissions from project_counts`).all(),
        );
      } finally {
        sqlite.close();
      }
      expect(await disabledTriggers(target)).toBe(0);
    } finally {
      await target.drop();
      const admin = new pg.Client({ connectionString: process.env.GOLDSET_TEST_PG_URL });
      await admin.connect();
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it("refuses a source that is not a Goldset database, or lacks migrations", async () => {
    const target = await createPgTestDatabase({ migrate: false });
    try {
      const text = join(dir, "notes.txt");
      writeFileSync(text, "not a database at all, just some text that is long enough to be read as a header\n".repeat(10));
      await expect(copyDatabase({ from: text, to: target.url })).rejects.toThrow(/is not a SQLite database/);
      await expect(copyDatabase({ from: join(dir, "missing.db"), to: target.url })).rejects.toThrow(/no such file/);
      const plain = join(dir, "plain.db");
      new Database(plain).exec("create table t (x)").close();
      await expect(copyDatabase({ from: plain, to: target.url })).rejects.toThrow(/not a Goldset database/);
      const behind = join(dir, "behind.db");
      copyFileSync(source, behind);
      const db = new Database(behind);
      db.exec(`delete from "__drizzle_migrations" where created_at = (select max(created_at) from "__drizzle_migrations")`);
      db.close();
      await expect(copyDatabase({ from: behind, to: target.url })).rejects.toThrow(/goldset db migrate/);
    } finally {
      await target.drop();
    }
  });

  it("a failure half-way leaves every table empty", async () => {
    const target = await createPgTestDatabase({ migrate: false });
    try {
      await expect(copyDatabase({ from: source, to: target.url, batchSize: 100, failAfterRows: 250 })).rejects.toThrow(/injected failure/);
      expect(await rowCounts(target)).toEqual(allZero());
      expect(await disabledTriggers(target)).toBe(0);
    } finally {
      await target.drop();
    }
  });

  it("an interruption (abort) rolls back and says nothing was copied", async () => {
    const target = await createPgTestDatabase({ migrate: true });
    try {
      const abort = new AbortController();
      let rows = 0;
      const copying = copyDatabase({
        from: source,
        to: target.url,
        batchSize: 20,
        signal: abort.signal,
        progress: { start: () => undefined, table: () => undefined, done: () => undefined, advance: (n) => ((rows += n), rows >= 200 && abort.abort()) },
      });
      await expect(copying).rejects.toBeInstanceOf(CopyInterrupted);
      await expect(copying).rejects.toThrow(/nothing was copied/);
      expect(await rowCounts(target)).toEqual(allZero());
    } finally {
      await target.drop();
    }
  });

  it("a snapshot that no longer reproduces its recorded hash aborts the copy and leaves the target empty", async () => {
    const tampered = join(dir, "tampered.db");
    copyFileSync(source, tampered);
    const db = new Database(tampered);
    db.exec(`update export_snapshot_records set record = json_set(record, '$.text', 'tampered') where item_id = (select min(item_id) from export_snapshot_records)`);
    db.close();
    const target = await createPgTestDatabase({ migrate: false });
    try {
      await expect(copyDatabase({ from: tampered, to: target.url })).rejects.toThrow(/snapshot "v1" \(id 1, project sms-demo\), format \w+/);
      expect(await rowCounts(target)).toEqual(allZero());
    } finally {
      await target.drop();
    }
  });
});
