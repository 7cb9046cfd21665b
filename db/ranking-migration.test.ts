// Migration 0004 (double-buffered ranking) on a database written under the schema before it: the
// ranks and scores a retrain left stay live, and the next retrain builds on them.
import { afterEach, beforeEach, expect, it } from "vitest";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsBefore } from "./migration-test-support";
import { openDatabase, type Db } from "./index";
import { latestClassifierVersion, listClassifierVersions } from "./queries/classifier-versions";
import { liveRanking } from "./queries/live-ranking";
import { nextItemsForAnnotator } from "./queries/queue";
import { itemRanking, rankedQueueHead } from "./queries/ranking";
import { saveRankingSteps } from "./queries/ranking-write";
import { runAsyncSteps } from "@/lib/active-learning/steps";
import { describeSqlite } from "./pg-test-support";

const BEFORE = "0004_double-buffered-ranking";

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-migration-"));
  dbPath = join(dir, "old.db");
  const sqlite = new Database(dbPath);
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(BEFORE, dir) });
  // What the old saveRanking left: ranks in items.queue_rank, and every item_scores row (one per
  // item) under the project's latest version. Project "fresh" was never ranked.
  sqlite.exec(`
    insert into users (id, email, name, password_hash) values ('u1', 'lead@example.org', 'lead', 'x');
    insert into projects (id, slug, name, task_type, settings) values ('p1', 'p1', 'Ranked', 'single_label', '{}'), ('p2', 'p2', 'Fresh', 'single_label', '{}');
    insert into items (id, project_id, external_id, text, content_hash, open, queue_rank) values
      (1, 'p1', 'a', 'a', 'ha', 1, 3), (2, 'p1', 'b', 'b', 'hb', 1, 1), (3, 'p1', 'c', 'c', 'hc', 0, 2), (4, 'p1', 'd', 'd', 'hd', 1, 4),
      (5, 'p2', 'e', 'e', 'he', 1, 0), (6, 'p2', 'f', 'f', 'hf', 1, 0);
    insert into classifier_versions (project_id, version, features, strategy, trained_on, metrics, model) values
      ('p1', 1, 'hashed-ngrams', 'margin', 0, '{}', '{}'), ('p1', 2, 'hashed-ngrams', 'margin', 4, '{}', '{}');
    insert into item_scores (item_id, project_id, classifier_version, predicted, confidence, score, reason) values
      (1, 'p1', 2, '["ham"]', 0.6, 0.4, '{"strategy":"margin"}'), (2, 'p1', 2, '["spam"]', 0.55, 0.45, '{"strategy":"margin"}'),
      (3, 'p1', 2, '["ham"]', 0.9, 0.1, '{"strategy":"margin"}'), (4, 'p1', 2, '["ham"]', 0.95, 0.05, '{"strategy":"margin"}');
  `);
  sqlite.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describeSqlite("migration 0004: double-buffered ranking", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(dbPath);
  });
  afterEach(() => db.$client.close());

  it("keeps the ranks live in slot 0 and the latest version's scores current", async () => {
    expect(await liveRanking({ db, projectId: "p1" })).toEqual({ slot: 0, version: 2 });
    expect(await liveRanking({ db, projectId: "p2" })).toEqual({ slot: 0, version: null });
    const head = await rankedQueueHead({ db, projectId: "p1", limit: 10 });
    expect(head.map((item) => [item.externalId, item.queueRank, item.predicted])).toEqual([
      ["b", 1, ["spam"]],
      ["a", 3, ["ham"]],
      ["d", 4, ["ham"]],
    ]);
    expect(await itemRanking({ db, projectId: "p1", itemRef: "c" })).toMatchObject({
      item: { open: false, queueRank: 2 },
      position: null,
      score: { classifierVersion: 2, confidence: 0.9 },
    });
    expect((await latestClassifierVersion({ db, projectId: "p1" }))?.version).toBe(2);
    expect((await nextItemsForAnnotator({ db, projectId: "p1", userId: "u1", count: 1 })).map((item) => item.externalId)).toEqual(["b"]);
    // Both rank columns start equal.
    const both = db.$client.prepare("select id, queue_rank_0 as r0, queue_rank_1 as r1 from items order by id").all() as {
      id: number;
      r0: number;
      r1: number;
    }[];
    expect(both.every((row) => row.r0 === row.r1)).toBe(true);
    expect((await rankedQueueHead({ db, projectId: "p2", limit: 10 })).map((item) => [item.externalId, item.queueRank, item.score])).toEqual([
      ["e", 0, null],
      ["f", 0, null],
    ]);
  });

  it("lets the next retrain write slot 1 and version 3 on top, keeping the closed item's rank", async () => {
    const version = await runAsyncSteps(
      saveRankingSteps({
        db,
        projectId: "p1",
        version: { features: "hashed-ngrams", strategy: "margin", trainedOn: 4, metrics: {}, modelJson: "{}" },
        scores: [1, 2, 3, 4].map((itemId) => ({ itemId, predicted: ["ham"], confidence: 0.5, score: itemId, reason: {} })),
        ranks: { itemIds: [1, 2, 3, 4], ranks: [1, 3, null, 2] },
      }),
    );
    expect(version).toBe(3);
    expect(await liveRanking({ db, projectId: "p1" })).toEqual({ slot: 1, version: 3 });
    expect((await rankedQueueHead({ db, projectId: "p1", limit: 10 })).map((item) => [item.externalId, item.queueRank, item.score])).toEqual([
      ["a", 1, 1],
      ["d", 2, 4],
      ["b", 3, 2],
    ]);
    expect((await itemRanking({ db, projectId: "p1", itemRef: "c" }))?.item.queueRank).toBe(2);
    expect(db.$client.prepare("select count(*) as n from item_scores where classifier_version = 2").get()).toEqual({ n: 0 });
    expect((await listClassifierVersions({ db, projectId: "p1" })).map((v) => v.version)).toEqual([3, 2, 1]);
  });
});
