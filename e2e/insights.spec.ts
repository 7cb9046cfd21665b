import { expect, test } from "./fixtures";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { listAgreementSnapshots } from "@/db/queries/agreement";
import { submitAnnotation } from "@/db/queries/annotations";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject, updateProjectSettings } from "@/db/queries/projects";
import { itemContentHash } from "@/lib/import/content-hash";
import { uniqueSlug, userId } from "./support/database";
import type { Person } from "./support/people";
import { rawRows } from "@/db/raw-sql";

// Two annotators, four items: they agree on 1, 2 and 4 and split on 3.
// Krippendorff's alpha (nominal): n = 8 values, ham 3, spam 5, one disagreeing pair each way:
//   alpha = 1 - (n - 1) * 2 / (2 * 3 * 5) = 1 - 14/30 = 0.533.
// Cohen's kappa for the pair: p_o = 3/4; p_e = (2*1 + 2*3)/16 = 1/2; kappa = 0.5.
const VOTES: [string, string, string][] = [
  ["Lunch at noon?", "ham", "ham"],
  ["WIN a free cruise, reply YES", "spam", "spam"],
  ["Your parcel is waiting, pay the fee here", "ham", "spam"],
  ["URGENT: claim your prize now", "spam", "spam"],
];

async function seedLabelledProject(slug: string) {
  const db = await getDb();
  const lead = await userId("lead");
  const project = await createProject({
    db,
    name: `Project ${slug}`,
    slug,
    taskType: "single_label",
    labelDefs: [{ name: "ham" }, { name: "spam" }],
    overlap: 2,
    createdBy: lead,
  });
  const members: [Person, "annotator" | "reviewer"][] = [
    ["annotator", "annotator"],
    ["annotator2", "annotator"],
    ["reviewer", "reviewer"],
  ];
  for (const [person, role] of members) await setMemberRole({ db, projectId: project.id, userId: await userId(person), role, actorId: lead });
  // Annotators see `source`; `gold` is kept from everyone who labels or decides.
  await updateProjectSettings({ db, projectId: project.id, actorId: lead, changes: { visibleMetadata: ["source"] } });
  await importItems({
    db,
    projectId: project.id,
    fileName: "sms.jsonl",
    format: "jsonl",
    actorId: lead,
    records: VOTES.map(([text], i) => ({
      externalId: `sms-${i + 1}`,
      text,
      metadata: { source: `batch-${i + 1}`, gold: "hidden-gold" },
      contentHash: itemContentHash(text),
    })),
  });
  const itemIds = (await rawRows(db, "select id from items where project_id = ? order by id", project.id)) as { id: number }[];
  expect(itemIds).toHaveLength(4);
  for (const [i, [, first, second]] of VOTES.entries()) {
    for (const [person, label] of [
      ["annotator", first],
      ["annotator2", second],
    ] as const) {
      await submitAnnotation({
        db,
        projectId: project.id,
        annotatorId: await userId(person),
        input: { id: randomUUID(), itemId: itemIds[i]!.id, labels: [label], notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
  }
  return project;
}

test("insights show the headline on the first visit, with labelled charts and no internal names; the reviewer sees the item metadata", async ({ signedIn }) => {
  const slug = uniqueSlug("insights");
  const project = await seedLabelledProject(slug);
  expect(await listAgreementSnapshots({ db: await getDb(), projectId: project.id })).toEqual([]);

  const lead = await signedIn("lead");
  const page = lead.page;
  await page.goto(`/projects/${slug}/insights`);
  await expect(page.getByTestId("metric-krippendorff")).toContainText("0.533");
  await expect(page.getByTestId("metric-cohen")).toContainText("No annotator pair shares at least 10 items");
  const text = await page.locator("body").innerText();
  expect(text).not.toContain("minSharedItems");
  expect(text).not.toMatch(/undefined/i);

  // Per-label alpha has its zero line and axis; the heat map writes kappa in each cell and has a legend.
  await expect(page.getByTestId("per-label-agreement").getByTestId("zero-line")).toHaveCount(1);
  const cells = page.getByTestId("pairwise-heatmap").getByTestId("heatmap-cell");
  await expect(cells).toHaveCount(2);
  await expect(cells.first()).toContainText("0.50");
  await expect(page.getByTestId("heatmap-legend")).toContainText("Cohen's κ");
  // The trend is dated (UTC): the one snapshot was taken on this visit.
  await expect(page.getByTestId("agreement-trend").getByTestId("trend-date")).toContainText(new Date().toISOString().slice(0, 10));
  await expect(page.getByTestId("refit-rule")).toContainText("a fit needs at least 10 items labelled by two or more annotators");
  expect(await listAgreementSnapshots({ db: await getDb(), projectId: project.id })).toHaveLength(1);
  await lead.context.close();

  const reviewer = await signedIn("reviewer");
  await reviewer.page.goto(`/projects/${slug}/review`);
  await expect(reviewer.page.getByTestId("review-item-text")).toHaveText(VOTES[2]![0]);
  const metadata = reviewer.page.getByTestId("review-item-metadata");
  await expect(metadata).toContainText("source");
  await expect(metadata).toContainText("batch-3");
  await expect(metadata).not.toContainText("hidden-gold");
  await reviewer.context.close();
});
