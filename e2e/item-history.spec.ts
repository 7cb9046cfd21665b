import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { getDb } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { projectBySlug, seedProject, uniqueSlug, userId } from "./support/database";
import type { Person } from "./support/people";
import { rawRow } from "@/db/raw-sql";

/** Labels an item as the annotator would, straight into the database: the item page is what is under test. */
async function annotate(slug: string, person: Person, labels: string[], extra: { notSure?: boolean; notSureReason?: string; note?: string; timeSpentMs?: number }) {
  const db = await getDb();
  const projectId = (await projectBySlug(slug))!.id;
  const itemId = ((await rawRow(db, "select id from items where project_id = ? and external_id = ?", projectId, "item-1")) as { id: number }).id;
  await submitAnnotation({
    db,
    projectId,
    annotatorId: await userId(person),
    input: { id: randomUUID(), itemId, labels, notSure: extra.notSure ?? false, notSureReason: extra.notSureReason, note: extra.note, timeSpentMs: extra.timeSpentMs, suggestionShown: false, rejectedSuggestion: false },
  });
  return itemId;
}

test("a lead opens an item's history from the review queue and sees who labelled what, then their own decision", async ({ signedIn }) => {
  const slug = uniqueSlug("item-history");
  // The text is markup on purpose: the page must show it as text.
  await seedProject({ slug, overlap: 2, texts: ["Free <b>entry</b> to win"], members: { annotator: "annotator", annotator2: "annotator" } });
  const itemId = await annotate(slug, "annotator", ["ham"], { note: "a contest, not an ad", timeSpentMs: 4200 });
  await annotate(slug, "annotator2", ["spam"], { notSure: true, notSureReason: "could be either" });

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/review`);
  await expect(page.getByTestId("review-item-text")).toHaveText("Free <b>entry</b> to win");
  await page.getByTestId("review-item-history").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/items/${itemId}$`));

  await expect(page.getByTestId("history-item-text")).toHaveText("Free <b>entry</b> to win");
  const events = page.getByTestId("item-event");
  await expect(events.locator("h3")).toHaveText([
    "Imported",
    "E2E Annotator labelled: ham",
    "E2E Annotator Two labelled: not sure (spam)",
    "Resolved: unresolved (unresolved)",
  ]);
  const first = events.filter({ hasText: "E2E Annotator labelled: ham" });
  await expect(first).toContainText("a contest, not an ad");
  await expect(first).toContainText("4.2 s");
  await expect(first).toContainText("no suggestion shown");
  await expect(events.filter({ hasText: "E2E Annotator Two labelled" })).toContainText("could be either");

  // Back to the queue: the lead decides, and the item's history says so.
  await page.goBack();
  await page.getByTestId("review-label-ham").click();
  await page.getByTestId("review-rationale").fill("a contest entry is not spam");
  await page.getByRole("button", { name: /^Decide/ }).click();
  await expect(page.getByTestId("review-feedback")).toHaveText("#item-1 decided: ham.");
  await page.goto(`/projects/${slug}/items/${itemId}`);
  const decision = page.locator('[data-kind="decision"]');
  await expect(decision).toContainText("E2E Lead decided: ham");
  await expect(decision).toContainText("a contest entry is not spam");
  await expect(page.locator('[data-kind="resolution"] h3')).toHaveText("Resolved: ham (adjudicated)");
});

test("the insights item lookup links to the item's history", async ({ signedIn }) => {
  const slug = uniqueSlug("item-history-insights");
  await seedProject({ slug, texts: ["looked-up text"], members: { annotator: "annotator" } });
  const itemId = await annotate(slug, "annotator", ["spam"], {});
  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/insights`);
  const section = page.getByTestId("model-section");
  await section.getByTestId("explain-item-ref").fill("#item-1");
  await section.getByRole("button", { name: "Explain" }).click();
  await section.getByTestId("item-explanation-history").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/items/${itemId}$`));
  await expect(page.locator('[data-kind="annotation"] h3')).toHaveText("E2E Annotator labelled: spam");
});

test("an annotator cannot open an item's history", async ({ signedIn }) => {
  const slug = uniqueSlug("item-history-denied");
  await seedProject({ slug, texts: ["some text"], members: { annotator: "annotator" } });
  const itemId = await annotate(slug, "annotator", ["ham"], {});
  const { page } = await signedIn("annotator");
  await page.goto(`/projects/${slug}/items/${itemId}`);
  await expect(page.getByTestId("item-history")).toHaveCount(0);
  await expect(page.getByTestId("access-denied")).toBeVisible();
});
