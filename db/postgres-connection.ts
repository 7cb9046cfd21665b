// PostgreSQL behind the same query code as SQLite (docs/decisions/0002): a node-postgres pool,
// drizzle's node-postgres driver, and the pg-core tables db/schema.ts builds on this dialect.
//
// Two things keep the SQLite semantics the queries were written for:
// - A statement issued on the plain handle while a transaction of the same async context is open
//   runs on that transaction's connection (AsyncLocalStorage), as it does on SQLite's one
//   connection. Otherwise it would run on another pooled connection, outside the transaction,
//   and could wait forever on a row the transaction holds.
// - Transactions run SERIALIZABLE and are retried when PostgreSQL reports a serialization failure
//   or a deadlock: every read-then-write (taking leases up to the overlap, the vote-stuffing
//   check, version numbers) stays as correct as under SQLite's single writer, without a lock per
//   operation. A transaction's callback must therefore be safe to run again, as all of ours are:
//   they only touch the database and values they recompute.
// - An annotator's writes (leases, submits, undos, skips) touch the same rows of their project
//   (its counters, the queue's items): run SERIALIZABLE side by side they would fail each other
//   over and over, so they take a per-project advisory lock first and run one at a time per
//   project, as SQLite's one writer runs them ($projectTransaction).
import pg from "pg";
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./schema";
import { migratePostgres } from "./postgres-migrate";
import type { SqliteDb } from "./sqlite-connection";

// bigint (int8) and numeric come back as strings by default. Ours are counts, sums and epoch
// milliseconds, all far below 2^53, and averages: numbers, as SQLite returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

type Tx = Parameters<Parameters<SqliteDb["transaction"]>[0]>[0];
type Holder = { client: pg.PoolClient; tx?: Tx };

const SERIALIZATION_FAILURE = "40001";
const DEADLOCK_DETECTED = "40P01";
const MAX_ATTEMPTS = 10;

/** The PostgreSQL error behind drizzle's "Failed query" wrapper, if any. */
function postgresCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Sends a statement to the connection of the transaction the caller's async context is in, or to
 * the pool. Not named like a pool, so drizzle runs BEGIN and COMMIT through it too.
 */
class ConnectionRouter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly context: AsyncLocalStorage<Holder>,
  ) {}

  query(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const holder = this.context.getStore();
    return (holder ? holder.client : this.pool).query(config, values);
  }
}

export type PostgresDb = SqliteDb;

export async function openPostgres(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<PostgresDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client's error (the server restarted) must not crash the process; the next query
  // gets a fresh connection.
  pool.on("error", (error) => console.error("Goldset: PostgreSQL connection error:", error.message));
  if (options.migrate !== false) await migratePostgres(pool);
  const context = new AsyncLocalStorage<Holder>();
  const db = drizzle(new ConnectionRouter(pool, context) as unknown as pg.Pool, { schema }) as unknown as PostgresDb;
  const transaction = db.transaction.bind(db) as unknown as (run: (tx: Tx) => Promise<unknown>, config?: object) => Promise<unknown>;

  const runTransaction = async (run: (tx: Tx) => Promise<unknown>, lockKey?: string): Promise<unknown> => {
    const current = context.getStore();
    // A transaction opened inside another becomes a savepoint of it, as on SQLite.
    if (current?.tx) return current.tx.transaction(run);
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      const holder: Holder = { client };
      let locked = false;
      let broken = false;
      try {
        if (lockKey !== undefined) {
          // Before BEGIN, so the SERIALIZABLE snapshot is taken once the previous holder committed.
          await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
          locked = true;
        }
        return await context.run(holder, () =>
          transaction(
            (tx) => {
              holder.tx = tx;
              return run(tx);
            },
            { isolationLevel: "serializable" },
          ),
        );
      } catch (error) {
        const code = postgresCode(error);
        if ((code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED) && attempt < MAX_ATTEMPTS) {
          // Back off with jitter, doubling each time (5 ms, 10 ms, ... up to 1 s), so the conflicting
          // ones spread out. A linear few milliseconds was not enough on a loaded machine: a
          // retrain's score-writing chunk lost ten times in a row to the annotators' submits and
          // failed its job (CI, 2026-12-07).
          await sleep(Math.random() * Math.min(1_000, 5 * 2 ** (attempt - 1)));
          continue;
        }
        throw error;
      } finally {
        if (locked) {
          try {
            await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]);
          } catch {
            // A connection that cannot unlock is dropped: its session, and the lock with it, ends.
            broken = true;
          }
        }
        client.release(broken);
      }
    }
  };
  db.transaction = ((run: (tx: Tx) => Promise<unknown>) => runTransaction(run)) as SqliteDb["transaction"];
  db.$projectTransaction = ((projectId: string, run: (tx: Tx) => Promise<unknown>) =>
    runTransaction(run, `goldset:project-writes:${projectId}`)) as SqliteDb["$projectTransaction"];

  db.$dialect = "postgres";
  db.$location = url;
  db.$close = () => pool.end();
  return db;
}
