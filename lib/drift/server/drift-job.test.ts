// The drift job end to end on a project small enough to work by hand, on SQLite and, in the
// PostgreSQL pass, on PostgreSQL: the items are read from the database, the result lands in the
// job's row, and the route's query finds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { itemContentHash } from "@/lib/import/content-hash";
import { itemIdsByExternalId, seedProject, submitLabel } from "@/db/test-seed";
import { importItems } from "@/db/queries/items";
import { latestJobsOfKind } from "@/db/queries/jobs";
import { resultOf } from "@/lib/jobs/job-test-support";
import { DRIFT_JOB_KIND, type DriftResult, requestDrift } from "./drift-job";

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

const record = (externalId: string, text: string) => ({ externalId, text, metadata: {}, contentHash: itemContentHash(text) });

describe("the drift job", () => {
  it("compares a batch of film reviews with a pool of labelled text messages", async () => {
    const seed = await seedProject(db, {
      people: { lead: "lead", ann: "annotator" },
      project: { slug: "drift", labels: ["ham", "spam"], overlap: 1 },
      items: [
        { externalId: "s1", text: "win cash now" },
        { externalId: "s2", text: "call now win" },
        { externalId: "s3", text: "see you at lunch" },
        { externalId: "s4", text: "lunch at noon" },
        { externalId: "s5", text: "see you soon" },
        { externalId: "s6", text: "not labelled yet" },
      ],
    });
    for (const [id, label] of [["s1", "spam"], ["s2", "spam"], ["s3", "ham"], ["s4", "ham"], ["s5", "ham"]] as const) await seed.label("ann", id, [label]);
    await importItems({
      db,
      projectId: seed.projectId,
      fileName: "reviews.csv",
      format: "csv",
      actorId: seed.people.lead,
      records: [record("r1", "the plot of this film was dull"), record("r2", "great acting and a moving plot"), record("r3", "the film")],
    });
    const reviews = await itemIdsByExternalId(db, seed.projectId, ["r3"]);
    await submitLabel({ db, projectId: seed.projectId, annotatorId: seed.people.ann, itemId: reviews.r3!, labels: ["ham"] });

    const result = await resultOf<DriftResult>(db, requestDrift({ db, projectId: seed.projectId, createdBy: seed.people.lead }));
    expect(result).toMatchObject({ items: 9, resolvedItems: 6 });
    const [messages, films] = result.batches;

    // The messages' pool is the one labelled review: too small (1 < 5) to flag anything.
    expect(messages).toMatchObject({ fileName: "items.jsonl", items: 6, resolved: 5, poolItems: 1, drifted: false, labels: { batch: { ham: 3, spam: 2 }, pool: { ham: 1 } } });

    // The reviews against the five labelled messages. Labels: [ham 1, spam 0] against [3, 2]:
    // M = [0.8, 0.2]; KL = log2(1/0.8) = 0.321928 and 0.6·log2(0.75) + 0.4·log2(2) = 0.150978; JS = 0.236453.
    expect(films).toMatchObject({ fileName: "reviews.csv", format: "csv", items: 3, resolved: 1, poolItems: 5, labels: { batch: { ham: 1 }, pool: { ham: 3, spam: 2 } } });
    expect(films!.labels.jsBits).toBeCloseTo(0.236453, 6);
    // Lengths {30, 30, 8} against {12, 12, 16, 13, 12}: medians 30 and 12; F at 8, 12, 13, 16, 30:
    // reviews ⅓, ⅓, ⅓, ⅓, 1; messages 0, 0.6, 0.8, 1, 1 → D = ⅔ (at 16).
    expect(films!.length).toMatchObject({ batchMedian: 30, poolMedian: 12 });
    expect(films!.length.ks!.d).toBeCloseTo(2 / 3, 12);
    // No word of the reviews occurs in the messages.
    expect(films!.vocabulary).toMatchObject({ outOfVocabularyRate: 1, topWordsJsBits: 1 });
    // Only one review is resolved (< 5), so the labels are not judged; the words are.
    expect(films!.drifted).toBe(true);
    expect(films!.reasons).toEqual(["100% of its words are new to the pool", "frequent words differ (JS 1.00 bits)"]);

    const latest = await latestJobsOfKind({ db, projectId: seed.projectId, kind: DRIFT_JOB_KIND });
    expect(latest.live).toBeNull();
    expect(latest.succeeded!.result).toEqual(result);
    expect(latest.succeeded!.finishedAt).toBeInstanceOf(Date);
  });
});
