// The embedded SQLite database behind drizzle's async ("sqlite-proxy") driver, so that query code
// is written once, awaited, and runs unchanged on PostgreSQL (docs/decisions/0002).
//
// better-sqlite3 runs every statement synchronously on one connection. An async transaction gives
// the event loop back at every await, and another request's statements would then run inside it
// (and be rolled back with it, or commit half of it). So the connection has one owner at a time:
// a transaction holds it from BEGIN IMMEDIATE to COMMIT, and a statement from anywhere else waits
// its turn, first come first served. Statements of the owning transaction (and of anything it
// awaits) are recognised through AsyncLocalStorage.
import Database from "better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import * as schema from "./schema";

export type SqliteDb = SqliteRemoteDatabase<typeof schema> & {
  /** The better-sqlite3 handle; on PostgreSQL not a SQLite handle (tests that read files directly are SQLite-only). */
  $client: Database.Database;
  $dialect: "sqlite" | "postgres";
  /** Where the data lives: the SQLite file's path, or the PostgreSQL URL (for a worker thread to open its own connection). */
  $location: string;
  /** Closes the connection (SQLite) or the pool (PostgreSQL). */
  $close: () => Promise<void>;
  /**
   * A transaction that waits for the project's other annotator writes (leases, submits, undos,
   * skips) instead of conflicting with them. SQLite's one writer already runs them one at a time;
   * on PostgreSQL a per-project advisory lock, taken before BEGIN, does (db/postgres-connection.ts).
   */
  $projectTransaction: <T>(projectId: string, run: (tx: SqliteTx) => Promise<T>) => Promise<T>;
};

type SqliteTx = Parameters<Parameters<SqliteRemoteDatabase<typeof schema>["transaction"]>[0]>[0];

/** What a statement run for its effect reports; `rowsChanged` in ./rows reads it on either database. */
export type SqliteRunResult = { rows: never[]; changes: number; lastInsertRowid: number | bigint };

type Release = () => void;

/** A first-come-first-served lock on the one connection. */
class ConnectionTurn {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  get busy(): boolean {
    return this.held;
  }

  async take(): Promise<Release> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }
}

// Prepared statements by SQL text. Query text is built from code, not data, so the set is small;
// the cap only guards against a caller that inlines values.
const STATEMENT_CACHE_SIZE = 1000;

export function wrapSqlite(sqlite: Database.Database, options: { writeLockUpFront: boolean }): SqliteDb {
  const turn = new ConnectionTurn();
  const owner = new AsyncLocalStorage<symbol>();
  let current: symbol | undefined;
  let currentTx: Parameters<Parameters<SqliteDb["transaction"]>[0]>[0] | undefined;
  const statements = new Map<string, Database.Statement>();

  function prepare(text: string): Database.Statement {
    let statement = statements.get(text);
    if (!statement) {
      statement = sqlite.prepare(text);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statements.set(text, statement);
    }
    return statement;
  }

  function execute(text: string, params: unknown[], method: "run" | "all" | "values" | "get"): { rows: unknown } {
    const statement = prepare(text);
    if (method === "run") {
      const result = statement.run(...params);
      return { rows: [], changes: result.changes, lastInsertRowid: result.lastInsertRowid } as SqliteRunResult;
    }
    if (!statement.reader) {
      statement.run(...params);
      return { rows: method === "get" ? undefined : [] };
    }
    statement.raw(true);
    return { rows: method === "get" ? statement.get(...params) : statement.all(...params) };
  }

  const db = drizzle(
    async (text, params, method) => {
      const mine = current !== undefined && owner.getStore() === current;
      if (!turn.busy || mine) return execute(text, params, method) as { rows: unknown[] };
      const release = await turn.take();
      try {
        return execute(text, params, method) as { rows: unknown[] };
      } finally {
        release();
      }
    },
    { schema },
  ) as SqliteDb;
  db.$client = sqlite;
  db.$projectTransaction = (_projectId, run) => db.transaction(run);
  db.$dialect = "sqlite";
  db.$location = sqlite.name;
  db.$close = async () => {
    sqlite.close();
  };

  const transaction = db.transaction.bind(db);
  db.transaction = (async (run, config) => {
    // A transaction opened inside another becomes a savepoint of it, as better-sqlite3's own
    // nesting did.
    if (current !== undefined && owner.getStore() === current && currentTx) return await currentTx.transaction(run);
    const release = await turn.take();
    const id = Symbol("transaction");
    current = id;
    try {
      // Taking the write lock at BEGIN lets another process's lock (the CLI, a second server) be
      // waited for by the busy timeout; a deferred transaction that writes late fails at once.
      const behavior = options.writeLockUpFront ? "immediate" : "deferred";
      return await owner.run(id, () =>
        transaction(
          (tx) => {
            currentTx = tx;
            return run(tx);
          },
          { behavior, ...config },
        ),
      );
    } finally {
      current = undefined;
      currentTx = undefined;
      release();
    }
  }) as SqliteDb["transaction"];
  return db;
}
