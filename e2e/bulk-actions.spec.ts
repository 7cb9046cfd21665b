import { expect, test } from "./fixtures";
import { seedLabels, seedProject, uniqueSlug } from "./support/database";

// 70 items: the first 60 are questions that leaked into a test set ("Leaked question N"), the
// last 10 plain messages. The annotator labels items 1–64 (overlap 1, so those are labelled);
// 65–70 stay open.
const COUNT = 70;
const texts = Array.from({ length: COUNT }, (_, i) => (i < 60 ? `Leaked question ${i + 1}` : `Plain message ${i + 1}`));

test("a lead excludes every matching item from exports, reopens two items, and saves the view to open it again", async ({ signedIn }) => {
  // A long story on two shared cores: each step waits on a job or a page load.
  test.setTimeout(120_000);
  const slug = uniqueSlug("bulk");
  await seedProject({ slug, overlap: 1, texts, members: { annotator: "annotator" } });
  await seedLabels(
    slug,
    Array.from({ length: 64 }, (_, i) => ({ person: "annotator" as const, item: `item-${i + 1}`, label: i % 2 === 0 ? "ham" : "spam" })),
  );

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/items`);
  const rows = page.getByRole("table", { name: "Items" }).locator("tbody tr");
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await page.getByLabel("Search", { exact: true }).fill("leaked");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByTestId("match-count")).toHaveText("60 items match.");
  await expect(rows).toHaveCount(50);

  // The whole page, then every matching item, from the keyboard.
  await page.getByRole("checkbox", { name: "Select all on this page" }).focus();
  await page.keyboard.press("Space");
  await expect(bar.getByTestId("bulk-selection")).toHaveText("50 selected");
  await page.getByRole("button", { name: "Select all 60 matching items" }).click();
  await expect(bar.getByTestId("bulk-selection")).toHaveText("All 60 items matching");

  await bar.getByLabel("Action").selectOption({ label: "Exclude from exports" });
  await bar.getByRole("button", { name: "Run action…" }).click();
  const dialog = page.getByRole("dialog", { name: "Exclude from exports?" });
  await expect(dialog.getByTestId("bulk-confirm-text")).toContainText("leave each item out of every export snapshot made from now on");
  await expect(dialog.getByTestId("bulk-confirm-text")).toContainText("for all 60 items matching the current filters");
  await dialog.getByLabel("Reason (optional, kept with each exclusion)").fill("leaked into the test set");
  await dialog.getByRole("button", { name: "Exclude from exports (60 items)" }).click();
  await expect(dialog).toBeHidden();

  await expect(bar.getByTestId("bulk-result")).toHaveText("60 items excluded from exports.");
  await expect(bar.getByRole("progressbar", { name: "Bulk action progress" })).toHaveAttribute("value", "60");
  await expect(rows.getByTestId("excluded-badge")).toHaveCount(50);

  // The filter: 60 excluded, the 10 others not.
  await page.getByLabel("Search", { exact: true }).fill("");
  await page.getByLabel("Excluded from exports", { exact: true }).selectOption("yes");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByTestId("match-count")).toHaveText("60 items match.");
  await page.getByLabel("Excluded from exports", { exact: true }).selectOption("no");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByTestId("match-count")).toHaveText("10 items match.");
  await expect(rows.getByTestId("excluded-badge")).toHaveCount(0);

  // Two labelled items reopened for one more label, through a selection.
  await page.getByRole("checkbox", { name: "Select item-61" }).check();
  await page.getByRole("checkbox", { name: "Select item-62" }).check();
  await expect(bar.getByTestId("bulk-selection")).toHaveText("2 selected");
  await bar.getByLabel("Action").selectOption({ label: "Reopen" });
  await bar.getByRole("button", { name: "Run action…" }).click();
  const reopen = page.getByRole("dialog", { name: "Reopen?" });
  await expect(reopen.getByTestId("bulk-confirm-text")).toContainText("for the 2 items you selected");
  await reopen.getByRole("button", { name: "Reopen (2 items)" }).click();
  await expect(bar.getByTestId("bulk-result")).toHaveText("2 items reopened.");

  // Not excluded and open: 65–70 and the two reopened.
  await page.getByLabel("Status", { exact: true }).selectOption("open");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByTestId("match-count")).toHaveText("8 items match.");

  // Saved as a view, opened again from a bare browser.
  await page.getByText("My saved views").click();
  await page.getByLabel("Save the current filters as").fill("Open, kept");
  await page.getByRole("button", { name: "Save view" }).click();
  const saved = page.getByRole("list", { name: "Saved views" });
  await expect(saved.getByRole("link", { name: "Open, kept" })).toBeVisible();
  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByTestId("match-count")).toHaveText("70 items match.");
  await page.getByText("My saved views").click();
  await saved.getByRole("link", { name: "Open, kept" }).click();
  await expect(page.getByTestId("match-count")).toHaveText("8 items match.");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("open");
  await expect(page.getByLabel("Excluded from exports", { exact: true })).toHaveValue("no");

  // The item's story tells of the exclusion.
  await page.goto(`/projects/${slug}/items?excluded=yes`);
  await rows.first().getByRole("link", { name: "item-1" }).click();
  await expect(page.getByTestId("item-event").locator("h3")).toContainText(["excluded it from exports"]);
});

test("a reviewer browses but gets no bulk actions, and the bulk route refuses them", async ({ signedIn }) => {
  const slug = uniqueSlug("bulk-reviewer");
  await seedProject({ slug, texts: ["one item"], members: { reviewer: "reviewer" } });
  const { page } = await signedIn("reviewer");
  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByRole("table", { name: "Items" }).locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Bulk actions" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Select all on this page" })).toHaveCount(0);
  const answer = await page.request.post(`/api/projects/${slug}/items/bulk`, { data: { action: "exclude", target: { kind: "filter", query: "" } } });
  expect(answer.status()).toBe(403);
});
