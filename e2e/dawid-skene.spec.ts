import { expect, test } from "./fixtures";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedProject, uniqueSlug } from "./support/database";

// 40 items, spam when the index is a multiple of 3. "expert" is always right; "crowd-a" and
// "crowd-b" each err on their own items and both err, the same way, on item-8: a 2–1 majority for
// the wrong label that a model knowing the expert's record overturns.
const TRAP = "item-8";

function crowdCsv(): string {
  const lines = ["item,annotator,label"];
  for (let index = 1; index <= 40; index++) {
    const right = index % 3 === 0 ? "spam" : "ham";
    const wrong = right === "spam" ? "ham" : "spam";
    const trap = `item-${index}` === TRAP;
    lines.push(`item-${index},expert,${right}`);
    lines.push(`item-${index},crowd-a,${trap || index % 5 === 1 ? wrong : right}`);
    lines.push(`item-${index},crowd-b,${trap || index % 4 === 2 ? wrong : right}`);
  }
  return lines.join("\n") + "\n";
}

test("imported crowd labels get a Dawid–Skene fit: reliability on insights, doubted majorities in review, and model resolution on request", async ({
  signedIn,
}) => {
  const slug = uniqueSlug("ds");
  await seedProject({
    slug,
    overlap: 3,
    texts: Array.from({ length: 40 }, (_, index) => `message number ${index + 1}`),
    members: { lead: "lead", reviewer: "reviewer" },
  });
  const file = join(mkdtempSync(join(tmpdir(), "goldset-ds-")), "crowd.csv");
  writeFileSync(file, crowdCsv());

  const lead = await signedIn("lead");
  const l = lead.page;
  await l.goto(`/projects/${slug}/import`);
  await l.getByTestId("import-annotations-file").setInputFiles(file);
  await l.getByTestId("import-annotations-form").getByRole("button", { name: "Import" }).click();
  await expect(l.getByTestId("import-annotations-result")).toHaveText(/120 new/);

  // The fit follows the import in the background; the insights page shows it once it is stored,
  // and says "Fitting now…" until the items are re-resolved against it.
  await expect(async () => {
    await l.goto(`/projects/${slug}/insights`);
    await expect(l.getByTestId("dawid-skene-section")).toContainText("Fitted", { timeout: 1000 });
    await expect(l.getByTestId("dawid-skene-section")).not.toContainText("Fitting now", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const section = l.getByTestId("dawid-skene-section");
  await expect(section).toContainText("on 40 items and 120 ratings");
  // Lowest estimated accuracy first: the expert comes last.
  await expect(section.getByTestId("annotator-accuracy").locator("text.chart-label").last()).toHaveText("expert");
  await expect(section.getByTestId("posterior-doubted")).toContainText("40 items carry a posterior");

  // Under majority vote the trap resolves to spam, but the model doubts it: a reviewer sees why.
  const reviewer = await signedIn("reviewer");
  const r = reviewer.page;
  await r.goto(`/projects/${slug}/review`);
  const doubted = r.getByTestId("review-queue").locator("li", { hasText: `#${TRAP}` });
  await expect(doubted).toContainText("low Dawid–Skene posterior");
  await doubted.getByRole("button").click();
  await expect(r.getByTestId("review-resolution")).toHaveText(/majority vote: spam · 67% agree · Dawid–Skene posterior 0\.\d\d/);

  // The lead lets the model resolve contested items it is confident about.
  await l.goto(`/projects/${slug}/settings?tab=review`);
  const form = l.getByTestId("review-settings");
  await form.getByLabel("Resolve contested items by").selectOption("dawid-skene");
  await form.getByLabel("Review below Dawid–Skene posterior").fill("0.7");
  await form.getByRole("button", { name: "Save review settings" }).click();
  await expect(form).toContainText("Saved");

  // Every item is re-resolved in the background: the trap now resolves to the expert's label
  // and leaves the review queue.
  await expect(async () => {
    await r.goto(`/projects/${slug}/review`);
    await expect(r.getByTestId("review-backlog")).toBeVisible({ timeout: 1000 });
    await expect(r.getByTestId("review-queue").locator("li", { hasText: `#${TRAP}` })).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await l.goto(`/projects/${slug}/insights`);
  await expect(l.getByTestId("dawid-skene-section")).toContainText("resolved by Dawid–Skene when its posterior reaches 0.7");
  await expect(l.getByTestId("resolution-methods")).toContainText("dawid-skene");

  await lead.context.close();
  await reviewer.context.close();
});
