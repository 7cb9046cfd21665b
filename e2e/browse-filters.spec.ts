import { expect, test } from "./fixtures";
import { seedLabels, seedProject, uniqueSlug } from "./support/database";

// Five items at overlap 2, labelled by two annotators: 1 and 3 agreed (agreement 1), 2 and 4
// split (0.5, in review), 5 unlabelled. Items 1, 3, 4 and 5 came from the web, 2 by SMS.
const texts = ["web item one", "sms item two", "web item three", "web item four", "web item five"];
const metadata = [{ source: "web" }, { source: "sms" }, { source: "web" }, { source: "web" }, { source: "web" }];
const votes: [string, string, string][] = [
  ["item-1", "spam", "spam"],
  ["item-2", "spam", "ham"],
  ["item-3", "ham", "ham"],
  ["item-4", "spam", "ham"],
];

test("a lead filters by a metadata field and an agreement range, shares the view as a link, and sends an item to review where it stays", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("browse-filters");
  await seedProject({ slug, overlap: 2, texts, metadata, members: { annotator: "annotator", annotator2: "annotator", reviewer: "reviewer" } });
  await seedLabels(
    slug,
    votes.flatMap(([item, first, second]) => [
      { person: "annotator" as const, item, label: first },
      { person: "annotator2" as const, item, label: second },
    ]),
  );

  const { page, context } = await signedIn("lead");
  await page.goto(`/projects/${slug}/items`);
  const rows = page.getByRole("table", { name: "Items" }).locator("tbody tr");
  await expect(page.getByTestId("match-count")).toHaveText("5 items match.");

  // From the keyboard: type into the metadata field, tab on to the agreement bounds.
  await page.getByLabel("Metadata", { exact: true }).fill("source=web");
  await page.getByRole("group", { name: "Agreement" }).getByLabel("from").fill("1");
  await page.getByRole("group", { name: "Agreement" }).getByLabel("from").press("Enter");
  await expect(page.getByTestId("match-count")).toHaveText("2 items match.");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("item-1");
  await expect(rows.nth(1)).toContainText("item-3");
  await expect(page.getByLabel("Metadata", { exact: true })).toHaveValue("source=web");
  expect(new URL(page.url()).searchParams.get("agreementMin")).toBe("1");

  // A link written by hand in the link form: the filters are filled in from it.
  const shared = await context.newPage();
  await shared.goto(`/projects/${slug}/items?meta.source=web&agreementMax=0.5`);
  await expect(shared.getByTestId("match-count")).toHaveText("1 item matches.");
  await expect(shared.getByRole("table", { name: "Items" }).locator("tbody tr")).toHaveCount(1);
  await expect(shared.getByRole("table", { name: "Items" })).toContainText("item-4");
  await expect(shared.getByLabel("Metadata", { exact: true })).toHaveValue("source=web");
  await expect(shared.getByRole("group", { name: "Agreement" }).getByLabel("to")).toHaveValue("0.5");
  // A bad link says which filter is wrong.
  await shared.goto(`/projects/${slug}/items?split=train&agreementMin=2`);
  const problem = shared.getByRole("alert").filter({ hasText: "This link's filters are not valid" });
  await expect(problem).toContainText("agreementMin");
  await expect(problem).toContainText("split: needs an export snapshot");
  await shared.close();

  // item-1 (agreed, so not in review) is sent to review.
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await page.getByRole("checkbox", { name: "Select item-1" }).check();
  await bar.getByLabel("Action").selectOption({ label: "Send to review" });
  await bar.getByRole("button", { name: "Run action…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send to review?" });
  await expect(dialog.getByTestId("bulk-confirm-text")).toContainText("where it stays until a reviewer decides its label or sends it back");
  await dialog.getByRole("button", { name: "Send to review (1 item)" }).click();
  await expect(bar.getByTestId("bulk-result")).toHaveText("1 item sent to review.");

  await page.goto(`/projects/${slug}/items?meta.source=web&status=in_review`);
  await expect(page.getByTestId("match-count")).toHaveText("2 items match.");
  await expect(rows.nth(0)).toContainText("item-1");
  await expect(rows.nth(1)).toContainText("item-4");

  // The reviewer finds it in the queue beside the two disagreements, and its history shows the request.
  const reviewer = await signedIn("reviewer");
  await reviewer.page.goto(`/projects/${slug}/review`);
  await expect(reviewer.page.getByTestId("review-queue").locator("li")).toHaveCount(3);
  await expect(reviewer.page.getByTestId("review-queue")).toContainText("#item-1");
  await reviewer.context.close();

  await page.getByRole("link", { name: "item-1" }).click();
  await expect(page.getByText("E2E Lead sent it to review")).toBeVisible();
});
