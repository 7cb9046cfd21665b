import { expect, test } from "./fixtures";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { rawRows } from "@/db/raw-sql";
import { seedProject, uniqueSlug, userId } from "./support/database";
import type { Person } from "./support/people";

// Three annotators at overlap 3, three items:
//   item 1: spam, spam, spam (unanimous spam)   item 2: ham, spam, spam (majority spam)
//   item 3: spam, spam (annotator3 has not labelled it yet; two agreeing votes: unanimous spam)
// Agreement with the final labels: annotator 2/3 (67%, Wilson 21–94%), annotator2 3/3 (44–100%),
// annotator3 2/2 (34–100%). Items 1 and 2 hold their three labels: 2 of 3 items labelled.
const VOTES: [Person, string[]][] = [
  ["annotator", ["spam", "ham", "spam"]],
  ["annotator2", ["spam", "spam", "spam"]],
  ["annotator3", ["spam", "spam"]],
];

async function seedTeamProject(slug: string) {
  const project = await seedProject({
    slug,
    overlap: 3,
    texts: ["Lunch at noon?", "Your parcel is waiting, pay the fee here", "WIN a free cruise"],
    members: { annotator: "annotator", annotator2: "annotator", annotator3: "annotator", reviewer: "reviewer" },
  });
  const db = await getDb();
  const itemIds = (await rawRows(db, "select id from items where project_id = ? order by id", project.id)) as { id: number }[];
  for (const [person, labels] of VOTES) {
    for (const [i, label] of labels.entries()) {
      await submitAnnotation({
        db,
        projectId: project.id,
        annotatorId: await userId(person),
        input: { id: randomUUID(), itemId: itemIds[i]!.id, labels: [label], notSure: false, timeSpentMs: 4_000, suggestionShown: false, rejectedSuggestion: false },
      });
    }
  }
}

test("a lead opens the team page and sees each annotator's items done and agreement; annotators are kept out", async ({ signedIn }) => {
  const slug = uniqueSlug("team");
  await seedTeamProject(slug);

  const { page } = await signedIn("lead");
  await page.goto("/projects");
  await expect(page.getByTestId(`project-${slug}`).getByTestId("project-progress")).toHaveText("2 of 3 items labelled (67%)");

  await page.goto(`/projects/${slug}/settings`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/team$`));
  const table = page.getByTestId("team-table");
  await expect(table.getByRole("columnheader", { name: "Items done" })).toBeVisible();
  const expected: [string, string, string][] = [
    ["E2E Annotator", "3", "67% (21–94%, 2/3)"],
    ["E2E Annotator Three", "2", "100% (34–100%, 2/2)"],
    ["E2E Annotator Two", "3", "100% (44–100%, 3/3)"],
  ];
  await expect(table.locator("tbody tr")).toHaveCount(expected.length);
  for (const [name, done, agreement] of expected) {
    const row = page.getByTestId(`team-row-${name}`);
    await expect(row.getByTestId("items-done")).toHaveText(done);
    await expect(row.getByTestId("agreement-with-final")).toHaveText(agreement);
  }
  // The matrix's first row is E2E Annotator: with annotator3 (items 1 and 2) they agree on one of
  // two (Wilson 9–91%); with annotator2 (all three items) on two of three.
  const firstRow = page.getByTestId("pair-matrix").locator("tbody tr").first();
  await expect(firstRow.getByRole("rowheader")).toHaveText("E2E Annotator");
  await expect(firstRow.locator("td").nth(1)).toHaveText("50% (9–91%, 1/2)");
  await expect(firstRow.locator("td").nth(2)).toHaveText("67% (21–94%, 2/3)");

  const annotator = await signedIn("annotator");
  await annotator.page.goto(`/projects/${slug}/annotate`);
  await expect(annotator.page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  await annotator.page.goto(`/projects/${slug}/team`);
  await expect(annotator.page.getByTestId("access-denied")).toBeVisible();
  await expect(annotator.page.getByTestId("team-table")).toHaveCount(0);
});
