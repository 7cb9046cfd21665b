// Statements the annotator's hot path runs on every request, built once per database handle
// instead of on every call. Building a query with drizzle costs more CPU than SQLite takes to run
// it (about 200 µs for a one-row select by key, 50 µs for the same statement prepared, measured on
// this 2-core machine), and under load that building was a fifth of the server's CPU.
//
// A statement is built on the root handle even when the caller passes a transaction: both
// connections send a root-handle statement issued inside a transaction to that transaction's
// connection (sqlite-connection.ts's writer turn, postgres-connection.ts's ConnectionRouter), so
// one prepared statement serves calls inside and outside transactions. On PostgreSQL it is a named
// statement (./prepared), parsed once per pooled connection.
import { prepared } from "./prepared";

type Preparable<P> = { prepare(): P; toSQL(): { sql: string } };

const rootOfTransaction = new WeakMap<object, object>();
const statementsOfRoot = new WeakMap<object, Map<string, unknown>>();

/** The connections call this as they open a transaction on `root`. */
export function transactionOf(tx: object, root: object): void {
  rootOfTransaction.set(tx, root);
}

/**
 * The statement `build` makes, prepared once per root handle under `key` (unique per call site;
 * the values go in as `sql.placeholder`s and are passed to `.execute`). A savepoint's handle has no
 * known root: its statement is built for that call alone.
 */
export function reusable<E extends object, P>(executor: E, key: string, build: (db: E) => Preparable<P>): P {
  const root = ("$dialect" in executor ? executor : rootOfTransaction.get(executor)) as E | undefined;
  if (!root) return prepared(build(executor));
  let statements = statementsOfRoot.get(root);
  if (!statements) statementsOfRoot.set(root, (statements = new Map()));
  let statement = statements.get(key) as P | undefined;
  if (statement === undefined) {
    statement = prepared(build(root));
    statements.set(key, statement);
  }
  return statement;
}
