import { expect, test } from "./fixtures";
import { seedLabels, seedProject, uniqueSlug } from "./support/database";

// 260 items; the annotator labels the first 240 (overlap 1, so they are labelled): even ones spam,
// odd ones ham. Every fourth item says "free prize", so "labelled, spam, free" is items 4, 8, …,
// 240: 60 items, a page of 50 and a page of 10.
const COUNT = 260;
const texts = Array.from({ length: COUNT }, (_, i) => (i + 1) % 4 === 0 ? `Claim your free prize number ${i + 1}` : `Plain message number ${i + 1}`);

test("a lead filters by status and label, searches, pages forward, and opens the link again to the same view", async ({ signedIn }) => {
  const slug = uniqueSlug("browse");
  await seedProject({ slug, overlap: 1, texts, members: { annotator: "annotator" } });
  await seedLabels(
    slug,
    Array.from({ length: 240 }, (_, i) => ({ person: "annotator" as const, item: `item-${i + 1}`, label: (i + 1) % 2 === 0 ? "spam" : "ham" })),
  );

  const { page, context } = await signedIn("lead");
  await page.goto(`/projects/${slug}`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Data" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/items$`));
  const rows = page.getByRole("table", { name: "Items" }).locator("tbody tr");
  await expect(page.getByTestId("match-count")).toHaveText("260 items match.");
  await expect(rows).toHaveCount(50);

  await page.getByLabel("Status", { exact: true }).selectOption("labelled");
  await page.getByLabel("Final label", { exact: true }).selectOption("spam");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("match-count")).toHaveText("120 items match.");
  await expect(rows.first()).toContainText("item-2");
  await expect(rows.first()).toContainText("spam");

  await page.getByLabel("Search", { exact: true }).fill("FREE");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("match-count")).toHaveText("60 items match.");
  await expect(rows).toHaveCount(50);
  // A lead's rows start with their bulk-selection checkbox: the text is the third cell.
  await expect(rows.first().getByRole("cell").nth(2)).toHaveText("Claim your free prize number 4");
  await expect(rows.first().getByRole("link", { name: "item-4" })).toHaveAttribute("href", new RegExp(`^/projects/${slug}/items/\\d+$`));

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText("item-204");
  await expect(rows.last()).toContainText("item-240");
  await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);
  const shared = page.url();
  expect(new URL(shared).searchParams.get("status")).toBe("labelled");
  expect(new URL(shared).searchParams.get("q")).toBe("FREE");

  // The same link in a fresh tab shows the same view, filters filled in.
  const again = await context.newPage();
  await again.goto(shared);
  const againRows = again.getByRole("table", { name: "Items" }).locator("tbody tr");
  await expect(againRows).toHaveCount(10);
  await expect(againRows.first()).toContainText("item-204");
  await expect(again.getByTestId("match-count")).toContainText("60 items match.");
  await expect(again.getByLabel("Status", { exact: true })).toHaveValue("labelled");
  await expect(again.getByLabel("Final label", { exact: true })).toHaveValue("spam");
  await expect(again.getByLabel("Search", { exact: true })).toHaveValue("FREE");
});

test("annotators get no Data tab and are refused the page", async ({ signedIn }) => {
  const slug = uniqueSlug("browse-refused");
  await seedProject({ slug, texts: ["one item"], members: { annotator: "annotator" } });
  const { page } = await signedIn("annotator");
  await page.goto(`/projects/${slug}/annotate`);
  await expect(page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Annotate" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Data" })).toHaveCount(0);
  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByRole("table", { name: "Items" })).toHaveCount(0);
  await expect(page.getByText("one item")).toHaveCount(0);
});
