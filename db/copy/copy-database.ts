// `goldset db copy`: everything in a Goldset SQLite file into an empty PostgreSQL database, in one
// PostgreSQL transaction, so that an error, a Ctrl-C or a killed process leaves the target as empty
// as it was (PostgreSQL rolls back a transaction whose connection dies). The copy is checked before
// COMMIT (row counts per table; every export snapshot re-exported from the target to its recorded
// hash), so a failed check leaves the target empty too.
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { GoldsetError } from "@/lib/errors";
import { migratePostgres } from "../postgres-migrate";
import { copyPlan, ident, type CopyTable } from "./copy-plan";
import { migrationStatus, pgMigrationsFolder, sqliteMigrationsFolder } from "./migration-state";
import { silentProgress, type ProgressSink } from "./progress";
import { countRows, openSqliteSource, readPages, type SqliteSource } from "./sqlite-source";
import { verifySnapshots, type SnapshotCheck } from "./verify-snapshots";

/** PostgreSQL's limit on bind parameters per statement. */
const MAX_PARAMETERS = 65_535;

export type CopyOptions = {
  from: string;
  to: string;
  /** Rows read from SQLite per page (keyset by rowid); each page becomes one or a few multi-row inserts. */
  batchSize?: number;
  progress?: ProgressSink;
  /** Aborting stops the copy between batches and rolls everything back. */
  signal?: AbortSignal;
  sqliteMigrationsFolder?: string;
  pgMigrationsFolder?: string;
  /** For tests: fail (and so roll back) once this many rows have been inserted. */
  failAfterRows?: number;
};

export type CopySummary = {
  tables: { name: string; rows: number }[];
  rows: number;
  /** Migrations applied to the target before the copy. */
  migrationsApplied: number;
  snapshots: SnapshotCheck[];
  /** True when the target's own triggers were off during the copy (see disableUserTriggers). */
  triggersDisabled: boolean;
  seconds: number;
};

export class CopyInterrupted extends GoldsetError {
  constructor() {
    super("conflict", "interrupted: the copy was rolled back, nothing was copied (the target is as empty as before)");
  }
}

async function prepareTarget(client: pg.Client, folder: string): Promise<number> {
  const recorded = await client.query<{ exists: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`);
  let last: number | undefined;
  if (recorded.rows[0]!.exists) {
    const row = await client.query<{ created_at: string | null }>(`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`);
    last = row.rows[0]?.created_at == null ? undefined : Number(row.rows[0].created_at);
  }
  const status = migrationStatus(folder, last);
  if (status.ahead) throw new GoldsetError("conflict", "the target database was migrated by a newer Goldset than this one: copy with that release");
  return status.pending.length === 0 ? 0 : await migratePostgres(client, folder);
}

function encode(table: CopyTable, row: unknown[], withSelfReferences: boolean): unknown[] {
  return table.columns.map((column, i) => {
    const value = row[i];
    if (value === null || value === undefined) return null;
    if (column.selfReference && !withSelfReferences) return null;
    if (column.kind === "json") return value; // the JSON text as SQLite holds it, byte for byte
    return column.pg.mapToDriverValue(value);
  });
}

async function insertRows(client: pg.Client, table: CopyTable, rows: unknown[][]): Promise<void> {
  const columns = table.columns;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const head = `insert into ${ident(table.name)} (${columns.map((c) => ident(c.name)).join(", ")}) values `;
  // Trigger-maintained rows (project_counts) already exist on the target by now: overwrite them.
  const others = columns.filter((c) => !table.primaryKey.includes(c.name));
  const tail = table.triggerMaintained
    ? ` on conflict (${table.primaryKey.map(ident).join(", ")}) do update set ${others.map((c) => `${ident(c.name)} = excluded.${ident(c.name)}`).join(", ")}`
    : "";
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = row.map((value, i) => {
        params.push(value);
        return columns[i]!.kind === "json" ? `$${params.length}::json` : `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await client.query(head + tuples.join(", ") + tail, params);
  }
}

/** Self-references (annotations.supersedes_id, prelabel_runs.retry_of_run_id) are written once every row of the table exists. */
async function writeSelfReferences(client: pg.Client, source: SqliteSource, table: CopyTable, batchSize: number, checkpoint: () => void): Promise<void> {
  const refs = table.columns.filter((c) => c.selfReference);
  if (refs.length === 0) return;
  if (table.primaryKey.length !== 1) throw new Error(`${table.name} refers to itself but has no single-column primary key`);
  const key = table.columns.find((c) => c.name === table.primaryKey[0])!;
  for (const ref of refs) {
    const select = source.sqlite
      .prepare(`select rowid, ${ident(key.name)}, ${ident(ref.name)} from ${ident(table.name)} where ${ident(ref.name)} is not null and rowid > ? order by rowid limit ?`)
      .raw(true);
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      checkpoint();
      const page = select.all(after, batchSize) as [number, unknown, unknown][];
      if (page.length === 0) break;
      after = page[page.length - 1]![0];
      const params: unknown[] = [];
      const tuples = page.map(([, id, target]) => {
        params.push(id, target);
        return `($${params.length - 1}::${key.pg.getSQLType()}, $${params.length}::${ref.pg.getSQLType()})`;
      });
      await client.query(
        `update ${ident(table.name)} set ${ident(ref.name)} = v.ref from (values ${tuples.join(", ")}) as v(id, ref) where ${ident(table.name)}.${ident(key.name)} = v.id`,
        params,
      );
    }
  }
}

/**
 * Turns the target's own triggers (those of db/migrations-pg/0001_progress-counts.sql, and any
 * later ones; never the foreign-key checks, which are internal triggers) off while the rows go in.
 * Without this, every copied label annotation updates the same project_counts row, and PostgreSQL
 * slows down quadratically when one transaction updates one row many times (measured: from
 * ~10,000 to ~1,400 rows/s after 100,000 annotations). ALTER TABLE is transactional: a ROLLBACK (an
 * error, an interruption, a dead connection) turns them back on by itself, and the copy enables
 * them again before its COMMIT (a committed DISABLE would stay). It needs ownership of the tables
 * (the role that migrated the database has it; no superuser needed). Without ownership the copy
 * runs with the triggers on, slower but just as correct: project_counts and item_final_labels are
 * written with the source's values at the end either way.
 */
async function disableUserTriggers(client: pg.Client, plan: CopyTable[]): Promise<string[] | null> {
  const withTriggers = await client.query<{ table: string }>(
    `select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where not t.tgisinternal and n.nspname = current_schema() and c.relname = any($1)`,
    [plan.map((t) => t.name)],
  );
  const tables = withTriggers.rows.map((r) => r.table);
  await client.query("savepoint disable_triggers");
  try {
    for (const table of tables) await client.query(`alter table ${ident(table)} disable trigger user`);
    await client.query("release savepoint disable_triggers");
    return tables;
  } catch {
    await client.query("rollback to savepoint disable_triggers");
    return null;
  }
}

export async function copyDatabase(options: CopyOptions): Promise<CopySummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const progress = options.progress ?? silentProgress;
  const plan = copyPlan();
  const source = openSqliteSource(options.from, plan, options.sqliteMigrationsFolder ?? sqliteMigrationsFolder());
  const client = new pg.Client({ connectionString: options.to });
  // A connection lost mid-copy rejects the query in flight (and PostgreSQL rolls back); the
  // client's 'error' event must not also crash the process.
  client.on("error", () => undefined);
  let inTransaction = false;
  try {
    const counts = new Map(plan.map((t) => [t.name, countRows(source, t)]));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    await client.connect();
    const migrationsApplied = await prepareTarget(client, options.pgMigrationsFolder ?? pgMigrationsFolder());

    let inserted = 0;
    const checkpoint = () => {
      if (options.signal?.aborted) throw new CopyInterrupted();
    };
    checkpoint();
    await client.query("begin");
    inTransaction = true;
    // No one writes to the target while it is filled (readers still may).
    await client.query("set local lock_timeout = '30s'");
    await client.query(`lock table ${plan.map((t) => ident(t.name)).join(", ")} in exclusive mode`);
    for (const table of plan) {
      const held = await client.query(`select 1 from ${ident(table.name)} limit 1`);
      if (held.rowCount) {
        throw new GoldsetError("conflict", `the target database is not empty: table ${table.name} holds rows. Copy into an empty database (nothing was changed).`);
      }
    }

    const disabled = await disableUserTriggers(client, plan);

    progress.start(total);
    for (const table of plan) {
      progress.table(table.name, counts.get(table.name)!);
      for (const page of readPages(source, table, batchSize)) {
        checkpoint();
        await insertRows(client, table, page.map((row) => encode(table, row, false)));
        inserted += page.length;
        progress.advance(page.length);
        if (options.failAfterRows !== undefined && inserted >= options.failAfterRows) throw new Error(`injected failure after ${inserted} rows`);
      }
      await writeSelfReferences(client, source, table, batchSize, checkpoint);
      if (table.identity) {
        // Past the largest copied id, so the next row the app inserts gets max + 1.
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(table.identity)}) from ${ident(table.name)}), 0) + 1, false)`,
          [ident(table.name), table.identity],
        );
      }
    }
    progress.done();

    checkpoint();
    for (const table of plan) {
      const result = await client.query<{ n: string }>(`select count(*) as n from ${ident(table.name)}`);
      const copied = Number(result.rows[0]!.n);
      if (copied !== counts.get(table.name)) {
        throw new GoldsetError("conflict", `table ${table.name}: the source has ${counts.get(table.name)} rows, the copy ${copied}; nothing was copied`);
      }
    }
    const snapshots = await verifySnapshots(drizzle(client), checkpoint);
    for (const table of disabled ?? []) await client.query(`alter table ${ident(table)} enable trigger user`);
    checkpoint();
    await client.query("commit");
    inTransaction = false;
    // Fresh planner statistics, so the first queries on the copy do not wait for autovacuum to notice it.
    await client.query(`analyze ${plan.map((t) => ident(t.name)).join(", ")}`).catch(() => undefined);
    return {
      tables: plan.map((t) => ({ name: t.name, rows: counts.get(t.name)! })),
      rows: total,
      migrationsApplied,
      snapshots,
      triggersDisabled: disabled !== null,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    if (inTransaction) await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    source.close();
    await client.end().catch(() => undefined);
  }
}
