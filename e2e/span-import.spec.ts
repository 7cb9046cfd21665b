import { expect, test } from "./fixtures";
import { uniqueSlug } from "./support/database";
import { seedSpansProject, storedSpans } from "./support/span-projects";

const ENTITY_TYPES = [
  { name: "person", hotkey: "1", color: "#2563eb" },
  { name: "location", hotkey: "2", color: "#dc2626" },
];

test("a lead imports a CoNLL file into a spans project: a bad tag refuses it with its line, a good one brings items and spans", async ({ signedIn }) => {
  const slug = uniqueSlug("span-import");
  await seedSpansProject({ slug, entityTypes: ENTITY_TYPES, texts: ["Already here"], members: {} });
  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/import`);
  await expect(page.getByTestId("span-import-formats")).toContainText("CoNLL BIO");
  await expect(page.getByTestId("span-import-formats")).toContainText("Label Studio JSON export");

  const form = page.getByTestId("import-items-form");
  await page.getByTestId("import-items-file").setInputFiles({
    name: "broken.conll",
    mimeType: "text/plain",
    buffer: Buffer.from("Ana\tB-person\nmet\tO\n\nin\tO\nLima\tI-location\n\n"),
  });
  await form.getByRole("button", { name: "Import" }).click();
  const error = page.getByTestId("form-error");
  await expect(error).toContainText("nothing was imported");
  await expect(error).toContainText('line 5: tag "I-location" continues an entity that was never opened');
  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByTestId("match-count")).toHaveText("1 item matches.");

  await page.goto(`/projects/${slug}/import`);
  await page.getByTestId("import-items-file").setInputFiles({
    name: "good.conll",
    mimeType: "text/plain",
    buffer: Buffer.from("Ana\tB-person\nmet\tO\nBo\tB-person\n\nin\tO\nSan\tB-location\nJuan\tI-location\n\n"),
  });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-items-result")).toHaveText(/2 new, 0 already present/);
  await expect(page.getByTestId("import-batches")).toContainText("good.conll");

  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByTestId("match-count")).toHaveText("3 items match.");
  const rows = page.getByRole("table", { name: "Items" }).locator("tbody");
  await expect(rows).toContainText("Ana met Bo");
  await expect(rows).toContainText("in San Juan");
  // Both annotations are written at the same instant: read them in item order.
  const stored = (await storedSpans(slug)).sort((a, b) => a.itemId - b.itemId);
  expect(stored.map((a) => a.spans)).toEqual([
    [
      { start: 0, end: 3, label: "person" },
      { start: 8, end: 10, label: "person" },
    ],
    [{ start: 3, end: 11, label: "location" }],
  ]);
});
