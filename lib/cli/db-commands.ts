// `goldset db migrate` and `goldset db copy`: the CLI side of db/copy (the copy itself) and of the
// two migrators (db/index.ts for SQLite, db/postgres-migrate.ts for PostgreSQL).
import { GoldsetError } from "@/lib/errors";
import { migratePostgresAt } from "@/db/postgres-migrate";
import { lastAppliedSqlite, migrationStatus, pgMigrationsFolder, sqliteMigrationsFolder } from "@/db/copy/migration-state";
import { streamProgress } from "@/db/copy/progress";
import { parseFlags } from "./args";

const MIGRATE_USAGE = "goldset db migrate   (GOLDSET_DATABASE_URL=postgres://… for PostgreSQL, else the SQLite file GOLDSET_DB)";
const COPY_USAGE = "goldset db copy --from FILE.db [--to postgres://…] [--batch 5000]   (--to defaults to GOLDSET_DATABASE_URL)";

/** An empty variable (`.env.example` copied to `.env`) means "not set", as in lib/env.ts. */
const setting = (name: string): string | undefined => process.env[name]?.trim() || undefined;

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "the PostgreSQL database";
  }
}

export async function dbMigrate(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  parseFlags(argv, {}, MIGRATE_USAGE);
  const url = setting("GOLDSET_DATABASE_URL");
  if (url) {
    if (!isPostgresUrl(url)) throw new GoldsetError("bad_request", `GOLDSET_DATABASE_URL must start with postgres:// or postgresql://`);
    const folder = pgMigrationsFolder();
    const applied = await migratePostgresAt(url, folder);
    const total = migrationStatus(folder, undefined).pending;
    out.write(
      applied === 0
        ? `PostgreSQL ${redact(url)}: up to date (${total.length} migrations, latest ${total.at(-1)})\n`
        : `PostgreSQL ${redact(url)}: applied ${applied} migration(s): ${total.slice(-applied).join(", ")}\n`,
    );
    return 0;
  }
  const path = setting("GOLDSET_DB") ?? "./data/goldset.db";
  const folder = sqliteMigrationsFolder();
  const status = migrationStatus(folder, lastAppliedSqlite(path));
  if (status.ahead) throw new GoldsetError("conflict", `${path} was migrated by a newer Goldset than this one`);
  // openDatabase creates the file (owner only) if needed and applies what is pending, under the write lock.
  const { openDatabase } = await import("@/db");
  const db = await openDatabase(path);
  db.$client.close();
  out.write(
    status.pending.length === 0
      ? `SQLite ${path}: up to date\n`
      : `SQLite ${path}: applied ${status.pending.length} migration(s): ${status.pending.join(", ")}\n`,
  );
  return 0;
}

export async function dbCopy(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const flags = parseFlags(argv, { from: { type: "string" }, to: { type: "string" }, batch: { type: "string", default: "5000" } }, COPY_USAGE);
  if (!flags.from) throw new GoldsetError("bad_request", `missing --from\nusage: ${COPY_USAGE}`);
  const to = flags.to ?? setting("GOLDSET_DATABASE_URL");
  if (!to) throw new GoldsetError("bad_request", `missing --to (and GOLDSET_DATABASE_URL is not set)\nusage: ${COPY_USAGE}`);
  if (!isPostgresUrl(to)) throw new GoldsetError("bad_request", `--to must be a postgres:// or postgresql:// URL\nusage: ${COPY_USAGE}`);
  const batchSize = Number(flags.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new GoldsetError("bad_request", `--batch must be a whole number of at least 1`);

  const { copyDatabase, CopyInterrupted } = await import("@/db/copy/copy-database");
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    process.stderr.write(`\n${signal}: stopping, rolling back…\n`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.stderr.write(`copying ${flags.from} into ${redact(to)}, in one transaction\n`);
    const summary = await copyDatabase({ from: flags.from, to, batchSize, signal: abort.signal, progress: streamProgress(process.stderr) });
    const formats = summary.snapshots.length;
    const snapshotIds = new Set(summary.snapshots.map((s) => s.snapshotId)).size;
    out.write(
      [
        `copied ${summary.rows.toLocaleString("en-US")} rows in ${summary.tables.length} tables in ${summary.seconds.toFixed(1)} s` +
          (summary.migrationsApplied ? ` (after applying ${summary.migrationsApplied} migration(s) to the target)` : ""),
        ...summary.tables.filter((t) => t.rows > 0).map((t) => `  ${t.name.padEnd(26)} ${t.rows.toLocaleString("en-US").padStart(12)}`),
        `verified: row counts of every table; ${snapshotIds} export snapshot(s), ${formats} recorded format hash(es) reproduced from the copy`,
        "",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (error instanceof CopyInterrupted) {
      process.stderr.write(`goldset: ${error.message}\n`);
      return 130;
    }
    if (error instanceof GoldsetError) {
      if (/nothing was (copied|changed)/.test(error.message)) throw error;
      throw new GoldsetError(error.code, `${error.message}; nothing was copied`, error.problems);
    }
    throw new GoldsetError("conflict", `the copy failed and was rolled back, nothing was copied: ${(error as Error).message}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
