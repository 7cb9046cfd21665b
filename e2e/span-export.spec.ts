import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { expect, test } from "./fixtures";
import { seedLabels, seedProject, uniqueSlug } from "./support/database";
import { seedSpansProject } from "./support/span-projects";

test("a lead exports a spans project's snapshot as CoNLL and gets the BIO lines of its entities", async ({ signedIn }) => {
  const slug = uniqueSlug("span-export");
  await seedSpansProject({
    slug,
    entityTypes: [
      { name: "person", hotkey: "1", color: "#2563eb" },
      { name: "location", hotkey: "2", color: "#dc2626" },
    ],
    // Code points: "Ana 🙂 met Bo in Lima" has Bo at 10-12 and Lima at 16-20 (the emoji is one).
    texts: ["Ana 🙂 met Bo in Lima", "Jose\u0301 saw New York"],
    members: { annotator: "annotator" },
  });
  await seedLabels(slug, [
    {
      person: "annotator",
      item: "item-1",
      spans: [
        { start: 0, end: 3, label: "person" },
        { start: 10, end: 12, label: "person" },
        { start: 16, end: 20, label: "location" },
      ],
    },
    {
      person: "annotator",
      item: "item-2",
      spans: [
        { start: 0, end: 5, label: "person" },
        { start: 10, end: 18, label: "location" },
      ],
    },
  ]);

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/export`);
  const form = page.getByTestId("snapshot-form");
  await form.getByLabel("Name").fill("v1");
  await form.getByRole("button", { name: "Create snapshot" }).click();
  const row = page.getByTestId("snapshot-v1");
  await expect(row).toContainText("single 2");
  await expect(page.getByTestId("conll-hint")).toContainText("one token and its tag per line");

  await row.getByRole("button", { name: "CoNLL BIO" }).click();
  const manifest = page.getByTestId("manifest-v1-conll");
  await expect(manifest).toContainText("data.conll");
  await expect(row).toContainText(/sha256 [0-9a-f]{12}… · writer v1/);

  const expected =
    "Ana\tB-person\n🙂\tO\nmet\tO\nBo\tB-person\nin\tO\nLima\tB-location\n\n" + "Jose\u0301\tB-person\nsaw\tO\nNew\tB-location\nYork\tI-location\n\n";
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("zip-v1-conll").click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-v1-conll.zip`);
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(entries)).toEqual(["data.conll"]);
  expect(new TextDecoder().decode(entries["data.conll"])).toBe(expected);

  const file = await page.request.get((await manifest.getByRole("link", { name: "data.conll" }).getAttribute("href"))!);
  expect(await file.text()).toBe(expected);
});

test("a classification project's export page offers no CoNLL", async ({ signedIn }) => {
  const slug = uniqueSlug("no-conll");
  await seedProject({ slug, texts: ["see you at 6"], members: { annotator: "annotator" } });
  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/export`);
  await expect(page.getByTestId("snapshot-form")).toBeVisible();
  await expect(page.getByTestId("conll-hint")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "CoNLL BIO" })).toHaveCount(0);
});
