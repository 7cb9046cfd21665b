// Hand-written SQL for tests and tools that look at the stored rows directly (counts, a tampered
// record), on either database. `?` marks a parameter, as in SQLite; on PostgreSQL it becomes $1, $2…
// The app's own queries never use this: they go through db/queries.
import type { Db } from "./index";

type Row = Record<string, unknown>;

export async function rawRows<T = Row>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  if (db.$dialect === "postgres") {
    let n = 0;
    const client = db.$client as unknown as { query(text: string, values: unknown[]): Promise<{ rows: T[] }> };
    return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows;
  }
  const statement = db.$client.prepare(text);
  if (!statement.reader) {
    statement.run(...params);
    return [];
  }
  return statement.all(...params) as T[];
}

/** The first row, or undefined. */
export async function rawRow<T = Row>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await rawRows<T>(db, text, ...params))[0];
}

/** Runs statements separated by semicolons (schema changes in tests), no parameters. */
export async function rawExec(db: Db, text: string): Promise<void> {
  if (db.$dialect === "postgres") {
    await (db.$client as unknown as { query(text: string): Promise<unknown> }).query(text);
    return;
  }
  db.$client.exec(text);
}
