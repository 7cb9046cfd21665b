// Another process (the CLI, a second server) writing beside the app must never make the app's
// writes fail with SQLITE_BUSY: they wait for the lock instead.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Db } from "./index";
import { skipItem } from "./queries/annotations";
import { createUser, listUsers } from "./queries/users";
import { describeSqlite } from "./pg-test-support";
import { seedProject } from "./test-seed";

let dir: string;
let path: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "goldset-lock-test-"));
  path = join(dir, "data", "goldset.db");
  db = await openDatabase(path);
  db.$client.exec("CREATE TABLE cli_writes (note TEXT NOT NULL)");
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A second process that takes the write lock, holds it for `holdMs` while writing, then commits. */
function holdWriteLock(holdMs: number): { locked: Promise<void>; done: Promise<number> } {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO cli_writes (note) VALUES ('cli')").run();
    process.stdout.write("locked\\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec("COMMIT");
    db.close();`;
  const child = spawn(process.execPath, ["-e", script, path, String(holdMs)], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  const done = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { locked, done };
}

describeSqlite("writing while another process holds the write lock", () => {
  it("creates the database file readable by its owner only, in an owner-only folder", () => {
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "data")).mode & 0o777).toBe(0o700);
  });

  it("waits for the lock: the app's transactions that read before they write all succeed", async () => {
    const seed = await seedProject(db, {
      people: { lead: { role: "lead", name: "Lead" }, ann: { role: "annotator", name: "Ann" } },
      project: { name: "P", slug: "p", labels: ["a", "b"] },
      items: [{ externalId: "1", text: "one" }],
    });
    const { projectId, people: { ann: annotator }, items: { "1": itemId } } = seed;

    // The app's connection has read the database, so its next transaction starts from a snapshot
    // that the other process's commit makes stale: a deferred BEGIN would answer SQLITE_BUSY.
    const holder = holdWriteLock(1_500);
    await holder.locked;
    await createUser({ db, email: "while-locked@example.org", name: "While locked", passwordHash: "x" });
    await skipItem({ db, projectId, userId: annotator, itemId, reason: "while locked" });
    await createUser({ db, email: "after@example.org", name: "After", passwordHash: "x" });

    expect(await holder.done).toBe(0);
    expect((await listUsers({ db })).map((u) => u.email).sort()).toEqual([
      "after@example.org",
      "ann@example.org",
      "lead@example.org",
      "while-locked@example.org",
    ]);
    expect(db.$client.prepare("SELECT count(*) AS n FROM skips").get()).toEqual({ n: 1 });
    expect(db.$client.prepare("SELECT note FROM cli_writes").all()).toEqual([{ note: "cli" }]);
  });
});
