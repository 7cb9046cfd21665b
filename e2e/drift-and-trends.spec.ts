import { expect, test } from "./fixtures";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDb } from "@/db";
import { rawRow } from "@/db/raw-sql";
import { projectBySlug, seedLabels, seedProject, uniqueSlug } from "./support/database";

// Ten short text messages, all labelled (overlap 1: each resolves on its one vote), are the
// labelled pool. The lead then imports three film reviews: words the messages never use, and a
// CSV record whose text spans two lines.
const MESSAGES = [
  "call me when you get home",
  "are we still on for lunch",
  "win a free prize now",
  "your parcel is waiting pay the fee",
  "see you at noon",
  "running late sorry",
  "claim your free cruise today",
  "ok see you soon",
  "lunch at noon tomorrow",
  "text back to win cash",
];
const REVIEWS_CSV = 'id,text\nrev-1,"A slow, beautifully shot drama.\nThe second act drags."\nrev-2,Superb acting and a haunting score\nrev-3,The director’s finest film\n';

test("a lead imports a batch unlike the labelled pool and sees it flagged as drifted; team trends render; annotators are kept out", async ({ signedIn }) => {
  const slug = uniqueSlug("drift");
  await seedProject({ slug, texts: MESSAGES, members: { annotator: "annotator", annotator2: "annotator" } });
  await seedLabels(
    slug,
    MESSAGES.map((text, i) => ({ person: i < 6 ? "annotator" : "annotator2", item: `item-${i + 1}`, label: /win|free|prize|fee|cash/.test(text) ? "spam" : "ham" })),
  );
  const file = join(mkdtempSync(join(tmpdir(), "goldset-drift-")), "reviews.csv");
  writeFileSync(file, REVIEWS_CSV);

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/import`);
  await page.getByTestId("import-items-file").setInputFiles(file);
  await page.getByTestId("import-items-form").getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-items-result")).toHaveText(/3 new, 0 already present/);

  await page.goto(`/projects/${slug}/insights`);
  const section = page.getByTestId("drift-section");
  await expect(section.getByRole("heading", { name: /Import batches/ })).toBeVisible();
  await section.getByRole("button", { name: "Recompute drift" }).click();
  const table = section.getByTestId("drift-table");
  await expect(table).toBeVisible({ timeout: 20_000 });
  await expect(section).toContainText("over 13 items, 10 of them labelled");
  await expect(table.getByRole("columnheader", { name: "Label JS" })).toBeVisible();
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  // The messages are compared with no labelled pool (every labelled item is theirs); the reviews
  // with the ten messages. Of the reviews' 20 words (9 + 6 + 5: "director’s" is two), only "a" and
  // "the" (twice each) occur in the messages: 16 of 20 are new.
  await expect(rows.nth(0).getByRole("rowheader")).toContainText("seed.jsonl");
  await expect(rows.nth(0).getByTestId("drift-flag")).toHaveText("no labelled pool to compare");
  await expect(rows.nth(1).getByRole("rowheader")).toContainText("reviews.csv");
  await expect(rows.nth(1).getByTestId("drift-flag")).toContainText("Drifted");
  await expect(rows.nth(1).getByTestId("drift-flag")).toContainText("80% of its words are new to the pool");

  // The review whose text spans lines 2 and 3 of the file: its item page says where it came from.
  const db = await getDb();
  const project = (await projectBySlug(slug))!;
  const { id } = (await rawRow(db, "select id from items where project_id = ? and external_id = ?", project.id, "rev-1")) as { id: number };
  const { id: next } = (await rawRow(db, "select id from items where project_id = ? and external_id = ?", project.id, "rev-2")) as { id: number };
  await page.goto(`/projects/${slug}/items/${id}`);
  await expect(page.getByTestId("history-item")).toContainText("imported from reviews.csv, line 2");
  await page.goto(`/projects/${slug}/items/${next}`);
  await expect(page.getByTestId("history-item")).toContainText("imported from reviews.csv, line 4");

  // Team trends: one row per annotator, each chart with its values in words.
  await page.goto(`/projects/${slug}/team`);
  const trends = page.getByTestId("team-trends");
  await expect(trends.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("trend-row-E2E Annotator").getByTestId("trend-labels")).toHaveAttribute("aria-label", /^Labels done per day: 6 \(\d{4}-\d\d-\d\d\)$/);
  await expect(page.getByTestId("trend-row-E2E Annotator Two").getByTestId("trend-labels")).toHaveAttribute("aria-label", /^Labels done per day: 4 /);

  // Drift is derived from everyone's labels: not for annotators.
  const annotator = await signedIn("annotator");
  expect((await annotator.page.request.get(`/api/projects/${slug}/drift`)).status()).toBe(403);
  expect((await annotator.page.request.post(`/api/projects/${slug}/drift`, { data: {} })).status()).toBe(403);
});
