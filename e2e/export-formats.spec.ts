import { expect, test } from "./fixtures";
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { seedLabels, seedProject, uniqueSlug } from "./support/database";

test("the export page downloads the Hugging Face folder as one zip, serves JSONL as NDJSON and writes a Label Studio config", async ({ signedIn }) => {
  const slug = uniqueSlug("formats");
  await seedProject({ slug, overlap: 2, texts: ["see you at 6", "WIN a prize now"], members: { annotator: "annotator", annotator2: "annotator" } });
  await seedLabels(slug, [
    { person: "annotator", item: "item-1", label: "ham" },
    { person: "annotator2", item: "item-1", label: "ham" },
    { person: "annotator", item: "item-2", label: "spam" },
    { person: "annotator2", item: "item-2", label: "spam" },
  ]);

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/export`);
  const form = page.getByTestId("snapshot-form");
  await form.getByLabel("Name").fill("v1");
  await form.getByRole("button", { name: "Create snapshot" }).click();
  const row = page.getByTestId("snapshot-v1");
  await expect(row).toContainText("unanimous 2");

  await row.getByRole("button", { name: "Hugging Face folder" }).click();
  await expect(page.getByTestId("manifest-v1-hf")).toContainText("data/all.jsonl");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("zip-v1-hf").click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-v1-hf.zip`);
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(entries)).toEqual(["README.md", "data/all.jsonl"]);
  const card = new TextDecoder().decode(entries["README.md"]);
  expect(card).toMatch(/^---\n/);
  expect(card).toContain("data/all.jsonl");
  const rows = new TextDecoder()
    .decode(entries["data/all.jsonl"])
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { id: string; label: string });
  expect(rows.map((r) => [r.id, r.label])).toEqual([
    ["item-1", "ham"],
    ["item-2", "spam"],
  ]);

  await row.getByRole("button", { name: "JSONL" }).click();
  await expect(page.getByTestId("manifest-v1-jsonl")).toContainText("data.jsonl");
  const jsonl = await page.request.get((await page.getByTestId("manifest-v1-jsonl").getByRole("link", { name: "data.jsonl" }).getAttribute("href")) ?? "");
  expect(jsonl.headers()["content-type"]).toBe("application/x-ndjson; charset=utf-8");

  await row.getByRole("button", { name: "Label Studio JSON" }).click();
  const manifest = page.getByTestId("manifest-v1-label-studio");
  await expect(manifest).toContainText("labeling-config.xml");
  const config = await (await page.request.get((await manifest.getByRole("link", { name: "labeling-config.xml" }).getAttribute("href"))!)).text();
  // Parsed by the browser's own XML parser, as Label Studio's config editor would.
  const parsed = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    return {
      error: doc.getElementsByTagName("parsererror").length,
      choices: [...doc.getElementsByTagName("Choice")].map((c) => c.getAttribute("value")),
      toName: doc.getElementsByTagName("Choices")[0]?.getAttribute("toName"),
      text: doc.getElementsByTagName("Text")[0]?.getAttribute("value"),
    };
  }, config);
  expect(parsed).toEqual({ error: 0, choices: ["ham", "spam"], toName: "text", text: "$text" });
});
