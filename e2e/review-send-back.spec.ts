import { expect, test } from "./fixtures";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { reviewItemDetail } from "@/db/queries/review";
import { projectBySlug, seedProject, uniqueSlug, userId } from "./support/database";
import type { Person } from "./support/people";
import { rawRow } from "@/db/raw-sql";

/** Labels an item as the annotator would, straight into the database: the review page is what is under test. */
async function annotate(slug: string, person: Person, externalId: string, labels: string[], notSure = false) {
  const db = await getDb();
  const projectId = (await projectBySlug(slug))!.id;
  const itemId = ((await rawRow(db, "select id from items where project_id = ? and external_id = ?", projectId, externalId)) as { id: number }).id;
  await submitAnnotation({
    db,
    projectId,
    annotatorId: await userId(person),
    input: { id: randomUUID(), itemId, labels, notSure, suggestionShown: false, rejectedSuggestion: false },
  });
  return itemId;
}

test("send-back says what it did, a second press changes nothing, and the item leaves the queue until its annotation arrives", async ({ signedIn }) => {
  const slug = uniqueSlug("send-back");
  await seedProject({
    slug,
    overlap: 2,
    texts: ["disputed item", "unsure item"],
    members: { annotator: "annotator", annotator2: "annotator", annotator3: "annotator", reviewer: "reviewer" },
  });
  const disputed = await annotate(slug, "annotator", "item-1", ["ham"]);
  await annotate(slug, "annotator2", "item-1", ["spam"]);
  await annotate(slug, "annotator", "item-2", ["spam"], true);

  const reviewer = await signedIn("reviewer");
  // Two tabs on the same queue: the second still shows the item after the first sent it back.
  const first = reviewer.page;
  const second = await reviewer.context.newPage();
  for (const page of [first, second]) {
    await page.goto(`/projects/${slug}/review`);
    await expect(page.getByTestId("review-queue").locator("li")).toHaveCount(2);
    await expect(page.getByTestId("review-item-text")).toHaveText("disputed item");
  }

  await first.getByRole("button", { name: "Send back for one more" }).click();
  await expect(first.getByTestId("review-feedback")).toHaveText("#item-1: one more annotation requested. It leaves the review queue until it arrives.");
  await expect(first.getByTestId("review-queue").locator("li")).toHaveCount(1);
  await expect(first.getByTestId("review-item-text")).toHaveText("unsure item");
  await expect(first.getByTestId("review-backlog")).toHaveText("1 item(s) need review");

  await second.getByRole("button", { name: "Send back for one more" }).click();
  await expect(second.getByTestId("review-feedback")).toHaveText("#item-1 is already waiting for one more annotation: nothing changed.");
  const db = await getDb();
  const detail = (await reviewItemDetail({ db, projectId: (await projectBySlug(slug))!.id, itemId: disputed }))!;
  expect(detail.adjudications.map((d) => [d.action, d.extraAnnotations])).toEqual([["send_back", 1]]);
  expect((await rawRow(db, "select extra_annotations as extra from items where id = ?", disputed))).toEqual({ extra: 1 });

  // The annotation asked for arrives: the item needs a decision again.
  await annotate(slug, "annotator3", "item-1", ["spam"]);
  await first.reload();
  await expect(first.getByTestId("review-queue").locator("li")).toHaveCount(2);
  await expect(first.getByTestId("review-queue")).toContainText("#item-1");
  await reviewer.context.close();
});
