// The one SQLite connection under async transactions: a transaction that gives the event loop back
// must not let another request's statements run inside it.
import { afterEach, beforeEach, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import { openTestDatabase } from "./test-database";
import type { Db } from "./index";
import { describeSqlite } from "./pg-test-support";

let db: Db;
let close: () => void;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  db.$client.exec("CREATE TABLE notes (source TEXT NOT NULL)");
});
afterEach(() => close());

const sources = () => (db.$client.prepare("SELECT source FROM notes ORDER BY rowid").all() as { source: string }[]).map((row) => row.source);
const note = (executor: Pick<Db, "run">, source: string) => executor.run(sql`INSERT INTO notes (source) VALUES (${source})`);

describeSqlite("the SQLite connection under async transactions", () => {
  it("keeps another request's write out of a transaction that yields, so a rollback does not take it along", async () => {
    const order: string[] = [];
    let inside!: () => void;
    const yielded = new Promise<void>((resolve) => (inside = resolve));
    const failing = db.transaction(async (tx) => {
      await note(tx, "transaction");
      inside();
      // Gives the event loop to the other request, as any await on I/O does.
      await sleep(30);
      order.push("transaction fails");
      throw new Error("rolled back");
    });
    await yielded;
    const outside = note(db, "outside").then(() => order.push("outside written"));
    await expect(failing).rejects.toThrow("rolled back");
    await outside;
    expect(order).toEqual(["transaction fails", "outside written"]);
    expect(sources()).toEqual(["outside"]);
  });

  it("lets the owning transaction's own statements through, even from work it awaits", async () => {
    await db.transaction(async (tx) => {
      await note(tx, "a");
      // A helper handed the plain handle instead of the transaction still runs inside it.
      await Promise.all([note(db, "b"), sleep(5).then(() => note(db, "c"))]);
    });
    expect(sources().sort()).toEqual(["a", "b", "c"]);
  });

  it("runs transactions one after another, first come first served", async () => {
    const order: string[] = [];
    const first = db.transaction(async (tx) => {
      await sleep(20);
      await note(tx, "first");
      order.push("first");
    });
    const second = db.transaction(async (tx) => {
      await note(tx, "second");
      order.push("second");
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
    expect(sources()).toEqual(["first", "second"]);
  });

  it("makes a transaction opened inside another a savepoint of it", async () => {
    await db.transaction(async (tx) => {
      await note(tx, "kept");
      await expect(
        db.transaction(async (inner) => {
          await note(inner, "undone");
          throw new Error("inner fails");
        }),
      ).rejects.toThrow("inner fails");
    });
    expect(sources()).toEqual(["kept"]);
  });

  it("takes the write lock at BEGIN", async () => {
    await db.transaction(async () => {
      // Inside an IMMEDIATE transaction the file's write lock is held: a second connection's
      // write fails at once (busy timeout 0) instead of slipping in.
      const Database = (await import("better-sqlite3")).default;
      const other = new Database(db.$client.name);
      other.pragma("busy_timeout = 0");
      try {
        expect(() => other.exec("INSERT INTO notes (source) VALUES ('other')")).toThrow(/locked|busy/i);
      } finally {
        other.close();
      }
    });
  });
});
