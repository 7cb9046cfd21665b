// A real, migrated SQLite file in a temporary folder, for tests of db/queries.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Db } from "./index";

export function openTestDatabase(): { db: Db; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "goldset-test-"));
  const db = openDatabase(join(dir, "test.db"));
  return {
    db,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
