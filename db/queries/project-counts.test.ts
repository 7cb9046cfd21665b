// The counts behind every annotator request (project_counts, kept by triggers) must equal what a
// full scan says after every kind of write that moves items or labels: imports, labels,
// corrections, undo, skips, send-backs, overlap changes and annotation imports.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject, updateProjectSettings } from "./projects";
import { importItems } from "./items";
import { annotatorProgress, nextItemsForAnnotator } from "./queue";
import { skipItem, submitAnnotation, undoLastSubmission } from "./annotations";
import { countLabelSubmissions } from "./agreement";
import { importAnnotations } from "./annotation-import";
import { sendBack } from "./review";
import { mulberry32 } from "@/lib/random";
import { GoldsetError } from "@/lib/errors";
import { rawRow, rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let otherProjectId: string;
const people: string[] = [];
let lead: string;

type Row = Record<string, unknown>;

/** What annotatorProgress must say, worked out from whole tables in memory. */
async function scannedProgress(userId: string) {
  const itemRows = (await rawRows(db, "select id, cast(open as integer) as open from items where project_id = ?", projectId)) as Row[];
  const current = (await rawRows(db, 
      `select item_id from annotations a where a.project_id = ? and a.annotator_id = ? and a.kind = 'label'
       and not exists (select 1 from annotations b where b.supersedes_id = a.id)`, projectId, userId)) as Row[];
  const skipped = (await rawRows(db, "select item_id from skips where project_id = ? and user_id = ? and undone_at is null", projectId, userId)) as Row[];
  const labelled = new Set(current.map((r) => r.item_id));
  const touched = new Set([...labelled, ...skipped.map((r) => r.item_id)]);
  return {
    done: labelled.size,
    remaining: itemRows.filter((r) => r.open === 1 && !touched.has(r.id)).length,
    total: itemRows.length,
  };
}

async function scannedSubmissions(): Promise<number> {
  return ((await rawRow(db, "select count(*) n from annotations where project_id = ? and kind = 'label'", projectId)) as { n: number }).n;
}

async function expectCountsMatchScan() {
  for (const userId of people) expect(await annotatorProgress({ db, projectId, userId })).toEqual(await scannedProgress(userId));
  expect(await countLabelSubmissions({ db, projectId })).toBe(await scannedSubmissions());
}

async function importTexts(project: string, texts: string[]) {
  await importItems({
    db,
    projectId: project,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: lead,
    records: texts.map((t) => ({ externalId: t, text: t, metadata: {}, contentHash: `h-${t}` })),
  });
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  people.length = 0;
  lead = (await createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" })).id;
  for (const name of ["ann1", "ann2", "ann3"]) people.push((await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id);
  const project = async (slug: string) =>
    (await createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 2, createdBy: lead })).id;
  projectId = await project("sms");
  otherProjectId = await project("other");
  await importTexts(
    projectId,
    Array.from({ length: 12 }, (_, i) => `item-${i}`),
  );
  // Another project's items and labels must never leak into this project's counts.
  await importTexts(otherProjectId, ["x", "y", "z"]);
});
afterEach(() => close());

describe("project counts", () => {
  it("start from the imported items", async () => {
    expect(await annotatorProgress({ db, projectId, userId: people[0]! })).toEqual({ done: 0, remaining: 12, total: 12 });
    await importTexts(projectId, ["item-0", "late-1", "late-2"]);
    expect(await annotatorProgress({ db, projectId, userId: people[0]! })).toEqual({ done: 0, remaining: 14, total: 14 });
  });

  it("equal a full scan after every write, over a seeded random mix of them", async () => {
    const random = mulberry32(7);
    const pick = <T>(xs: readonly T[]): T => xs[random() % xs.length]!;
    const itemIds = ((await rawRows(db, "select id from items where project_id = ? order by id", projectId)) as Row[]).map((r) => r.id as number);
    const otherItem = ((await rawRow(db, "select id from items where project_id = ? limit 1", otherProjectId)) as Row).id as number;
    for (let step = 0; step < 150; step++) {
      const user = pick(people);
      const itemId = pick(itemIds);
      const action = random() % 7;
      if (action <= 2) {
        // Half the labels come through the queue (with a lease), the rest straight at an item,
        // which the vote limit may refuse: a refused submit must leave the counts as they were.
        const target = random() % 2 ? ((await nextItemsForAnnotator({ db, projectId, userId: user, count: 1 }))[0]?.id ?? itemId) : itemId;
        try {
          await submitAnnotation({
            db,
            projectId,
            annotatorId: user,
            input: { id: randomUUID(), itemId: target, labels: [pick(["ham", "spam"])], notSure: false, suggestionShown: false, rejectedSuggestion: false },
          });
        } catch (error) {
          if (!(error instanceof GoldsetError && error.code === "conflict")) throw error;
        }
      } else if (action === 3) {
        await undoLastSubmission({ db, projectId, userId: user });
      } else if (action === 4) {
        await skipItem({ db, projectId, userId: user, itemId, reason: "unclear" });
      } else if (action === 5) {
        await sendBack({ db, projectId, itemId, reviewerId: lead, extra: 1, rationale: "one more", allowOwn: true });
      } else {
        await updateProjectSettings({ db, projectId, actorId: lead, changes: { overlap: 1 + (random() % 3) } });
      }
      if (step % 10 === 0) {
        await submitAnnotation({
          db,
          projectId: otherProjectId,
          annotatorId: people[0]!,
          input: { id: randomUUID(), itemId: otherItem, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
        });
      }
      await expectCountsMatchScan();
    }
  });

  it("follow an annotation import", async () => {
    await importAnnotations({
      db,
      projectId,
      fileName: "crowd.csv",
      format: "csv",
      actorId: lead,
      rows: ["item-0", "item-1", "item-2"].flatMap((externalId, k) => [
        { externalId, annotator: "ann1@example.org", labels: ["ham"], notSure: false, line: 2 * k + 2 },
        { externalId, annotator: "ann2@example.org", labels: ["spam"], notSure: false, line: 2 * k + 3 },
      ]),
    });
    await expectCountsMatchScan();
    // Two labels at overlap 2 close items 0–2 for everybody; ann1 also sees them as done.
    expect(await annotatorProgress({ db, projectId, userId: people[0]! })).toEqual({ done: 3, remaining: 9, total: 12 });
    expect(await annotatorProgress({ db, projectId, userId: people[2]! })).toEqual({ done: 0, remaining: 9, total: 12 });
  });
});
