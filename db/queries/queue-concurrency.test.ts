// Lease-taking under concurrency, on whichever database the run uses: annotators asking at the same
// moment must never be handed one item beyond the project's overlap, and votes submitted at the
// same moment must never stack past it. On SQLite the one connection serializes the transactions;
// on PostgreSQL they run SERIALIZABLE and are retried on conflict (db/postgres-connection.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { nextItemsForAnnotator } from "./queue";
import { submitAnnotation } from "./annotations";
import { GoldsetError } from "@/lib/errors";

const ANNOTATORS = 8;
const ITEMS = 6;

let db: Db;
let close: () => Promise<void>;
let annotators: string[];

async function projectWithOverlap(overlap: number): Promise<string> {
  const project = await createProject({
    db,
    name: `Overlap ${overlap}`,
    slug: `overlap-${overlap}`,
    taskType: "single_label",
    labelDefs: [{ name: "ham" }, { name: "spam" }],
    overlap,
  });
  await importItems({
    db,
    projectId: project.id,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: null,
    records: Array.from({ length: ITEMS }, (_, i) => ({ externalId: `m${i}`, text: `message ${i}`, metadata: {}, contentHash: `h${i}` })),
  });
  return project.id;
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  annotators = [];
  for (let k = 0; k < ANNOTATORS; k++) annotators.push((await createUser({ db, email: `a${k}@example.org`, name: `a${k}`, passwordHash: "x" })).id);
});
afterEach(async () => {
  await close();
});

describe("taking leases at the same moment", () => {
  for (const overlap of [1, 2]) {
    it(`never hands an item to more than ${overlap} annotator(s) at overlap ${overlap}`, async () => {
      const projectId = await projectWithOverlap(overlap);
      const served = await Promise.all(annotators.map((userId) => nextItemsForAnnotator({ db, projectId, userId, count: 2 })));
      const holders = new Map<number, number>();
      for (const batch of served) for (const item of batch) holders.set(item.id, (holders.get(item.id) ?? 0) + 1);
      expect(Math.max(...holders.values())).toBeLessThanOrEqual(overlap);
      // Nobody is turned away while a slot is free: the items' slots are all taken.
      expect([...holders.values()].reduce((sum, n) => sum + n, 0)).toBe(Math.min(ITEMS * overlap, ANNOTATORS * 2));
    });
  }

  it("never stores more first labels on an item than its overlap when they are submitted together", async () => {
    const projectId = await projectWithOverlap(1);
    // Everyone tries to label the same item without holding it: at most one label may land.
    const itemId = (await nextItemsForAnnotator({ db, projectId, userId: annotators[0]!, count: 1 }))[0]!.id;
    const outcomes = await Promise.allSettled(
      annotators.map((annotatorId) =>
        submitAnnotation({
          db,
          projectId,
          annotatorId,
          input: { id: randomUUID(), itemId, labels: ["spam"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
        }),
      ),
    );
    const stored = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(stored).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect((outcome.reason as GoldsetError).status).toBe(409);
    }
  });
});
