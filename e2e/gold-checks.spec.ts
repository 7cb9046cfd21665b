import { expect, test } from "./fixtures";
import { getDb } from "@/db";
import { rawRows } from "@/db/raw-sql";
import { seedProject, uniqueSlug } from "./support/database";
import { AnnotatePage } from "./pages/annotate-page";

// Four items; the lead marks items 1–3 gold with the answer "ham" on their item pages, then sets
// the gold checks to pause below 80% after 2 answers. Items 1–3 are the first two the annotator's
// queue can serve (a gold draw picks among them, the normal order starts with them), so the
// annotator's two wrong answers ("spam") are both on gold items: 0 of 2 answered correctly, Wilson
// 95% interval 0–66% (p = 0, n = 2: centre = half = 0.9604 / 2.9208 = 0.3288, high 0.6576).
test("gold checks pause an annotator who misses gold items; the lead sees the flag, unpauses them, and can pause by hand", async ({ signedIn }) => {
  const slug = uniqueSlug("gold");
  const project = await seedProject({
    slug,
    texts: ["Lunch at noon?", "Meeting moved to 3pm", "See you at the station", "WIN a free cruise"],
    members: { annotator: "annotator" },
  });
  const itemIds = ((await rawRows(await getDb(), "select id from items where project_id = ? order by id", project.id)) as { id: number }[]).map((r) => r.id);

  const { page } = await signedIn("lead");
  for (const itemId of itemIds.slice(0, 3)) {
    await page.goto(`/projects/${slug}/items/${itemId}`);
    const panel = page.getByTestId("gold-panel");
    await expect(panel.getByTestId("gold-answer")).toHaveText("Not a gold item.");
    await panel.getByTestId("gold-label-ham").click();
    await panel.getByRole("button", { name: "Mark as gold" }).click();
    await expect(panel.getByTestId("gold-answer")).toContainText("answer: ham");
  }

  await page.goto(`/projects/${slug}/settings?tab=gold`);
  const gold = page.getByTestId("gold-settings");
  await expect(gold.getByTestId("gold-count")).toContainText("3 gold item(s) in force");
  await gold.getByLabel("Gold items in the queue (% of items, at most 50)").fill("50");
  await gold.getByLabel("Accuracy threshold (%)").fill("80");
  await gold.getByLabel("Answers needed before judging").fill("2");
  await gold.getByLabel("Below the threshold").selectOption("pause");
  await gold.getByRole("button", { name: "Save gold settings" }).click();
  await expect(gold.getByText("Gold settings saved.")).toBeVisible();

  const annotator = await signedIn("annotator");
  const annotate = annotator.page;
  await annotate.goto(`/projects/${slug}/annotate`);
  const annotatePage = new AnnotatePage(annotate);
  for (let answered = 0; answered < 2; answered++) {
    await expect(annotatePage.itemText).toBeVisible();
    await annotatePage.actAndAdvance(() => annotate.getByTestId("label-spam").click());
  }
  await expect(annotate.getByTestId("queue-empty")).toHaveText("Your work on this project is paused. Contact the project lead to talk it through and resume.");
  await annotate.reload();
  await expect(annotate.getByTestId("queue-empty")).toContainText("paused");

  await page.goto(`/projects/${slug}/team`);
  const row = page.getByTestId("team-row-E2E Annotator");
  await expect(row.getByTestId("gold-accuracy")).toHaveText("0% (0–66%, 0/2) below threshold");
  await expect(row.getByTestId("member-status")).toContainText("Paused");
  await row.getByRole("button", { name: "Unpause E2E Annotator" }).click();
  await expect(row.getByTestId("member-status")).toContainText("Active");

  await annotate.reload();
  await expect(annotate.getByTestId("item-text")).toBeVisible();

  // The lead can also pause by hand, with a reason the status shows on hover.
  await row.getByRole("button", { name: "Pause E2E Annotator" }).click();
  await row.getByLabel("Why pause E2E Annotator?").fill("Re-read the guidelines first");
  await row.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(row.getByTestId("member-status")).toContainText("Paused");
  await expect(row.getByTestId("member-status").getByTitle("Re-read the guidelines first")).toBeVisible();
  await annotate.reload();
  await expect(annotate.getByTestId("queue-empty")).toContainText("paused");
});
