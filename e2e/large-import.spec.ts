import { expect, test } from "./fixtures";
import { seedProject, uniqueSlug } from "./support/database";

// GOLDSET_IMPORT_JOB_ITEMS is left at its default (20,000): the file below is the smallest that
// the upload route hands to a background job.
const LARGE = 20_000;

function largeFile(name: string, text: (k: number) => string) {
  const lines = Array.from({ length: LARGE }, (_, k) => JSON.stringify({ id: `big-${k}`, text: text(k) }));
  return { name, mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n")) };
}

test("a lead imports a large file: stored by a background job the form follows to its outcome, or refused with the line at fault", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("large");
  await seedProject({ slug, texts: ["already here"], members: { lead: "lead" } });
  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/import`);
  const form = page.getByTestId("import-items-form");
  const text = (k: number) => `item ${k} of a large file, about topic ${k % 7}`;

  await page.getByTestId("import-items-file").setInputFiles(largeFile("large.jsonl", text));
  const answered = page.waitForResponse((response) => response.url().includes(`/api/projects/${slug}/import?`) && response.request().method() === "POST");
  await form.getByRole("button", { name: "Import" }).click();
  // Checked, then handed to a job: the upload is answered before the items are stored.
  expect((await answered).status()).toBe(202);
  await expect(page.getByTestId("import-items-result")).toHaveText(new RegExp(`${LARGE} new, 0 already present`), { timeout: 90_000 });
  await expect(page.getByTestId("import-batches")).toContainText("large.jsonl");

  // The same ids, one with another text: checked in the job, refused whole, with the line.
  await page.getByTestId("import-items-file").setInputFiles(largeFile("changed.jsonl", (k) => (k === 41 ? "a changed text" : text(k))));
  await form.getByRole("button", { name: "Import" }).click();
  const error = page.getByTestId("form-error");
  await expect(error).toContainText("nothing was imported", { timeout: 60_000 });
  await expect(error).toContainText("line 42");
  await expect(page.getByTestId("import-batches")).not.toContainText("changed.jsonl");
});
