import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AnnotatePage } from "./pages/annotate-page";
import { exportSnapshotNamed, seedProject, uniqueSlug } from "./support/database";
import { exportSha256 } from "@/lib/export/content-hash";

async function annotateAs(page: Page, slug: string, steps: (view: AnnotatePage) => Promise<void>) {
  const view = new AnnotatePage(page);
  await view.open(slug);
  await steps(view);
  await expect(page.getByTestId("queue-empty")).toBeVisible();
}

test("disagreement and not-sure go to review, are adjudicated, and a snapshot exports reproducibly", async ({ signedIn }) => {
  const slug = uniqueSlug("review");
  await seedProject({
    slug,
    overlap: 2,
    texts: ["disputed item", "unsure item", "easy item"],
    members: { annotator: "annotator", annotator2: "annotator", annotator3: "annotator", reviewer: "reviewer" },
  });

  const a1 = await signedIn("annotator");
  await annotateAs(a1.page, slug, async (v) => {
    await expect(v.itemText).toHaveText("disputed item");
    await v.pressAndAdvance("1");
    await expect(v.itemText).toHaveText("unsure item");
    await v.pressAndAdvance("1");
    await expect(v.itemText).toHaveText("easy item");
    await v.pressAndAdvance("1");
  });
  const a2 = await signedIn("annotator2");
  await annotateAs(a2.page, slug, async (v) => {
    await expect(v.itemText).toHaveText("disputed item");
    await v.pressAndAdvance("2");
    await expect(v.itemText).toHaveText("unsure item");
    await a2.page.keyboard.press("s");
    await v.pressAndAdvance("Enter");
    await expect(v.itemText).toHaveText("easy item");
    await v.pressAndAdvance("1");
  });
  const a3 = await signedIn("annotator3");
  await annotateAs(a3.page, slug, async (v) => {
    await expect(v.itemText).toHaveText("unsure item");
    await a3.page.keyboard.press("n");
    await a3.page.keyboard.type("maybe a promotion");
    await v.pressAndAdvance("Enter");
  });
  for (const s of [a1, a2, a3]) await s.context.close();

  const reviewer = await signedIn("reviewer");
  const r = reviewer.page;
  await r.goto(`/projects/${slug}/review`);
  const queue = r.getByTestId("review-queue");
  await expect(queue.locator("li")).toHaveCount(2);
  await expect(queue.locator("li").first()).toContainText("annotators disagree");
  await expect(queue.locator("li").nth(1)).toContainText("marked not sure");
  await expect(r.getByTestId("review-item-text")).toHaveText("disputed item");
  await expect(r.getByTestId("review-annotations")).toContainText("E2E Annotator Two");
  await r.keyboard.press("2");
  await r.keyboard.press("r");
  await r.keyboard.type("asks to claim a prize");
  await r.keyboard.press("Enter");
  await expect(queue.locator("li")).toHaveCount(1);
  await expect(r.getByTestId("review-item-text")).toHaveText("unsure item");
  await expect(r.getByTestId("review-annotations")).toContainText("maybe a promotion");
  await r.keyboard.press("1");
  await r.keyboard.press("Enter");
  await expect(r.getByTestId("review-backlog")).toHaveText("0 item(s) need review");
  await reviewer.context.close();

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/insights`);
  await page.getByTestId("compute-agreement").click();
  await expect(page.getByTestId("metric-krippendorff")).toBeVisible();
  await expect(page.getByTestId("review-backlog-metric")).toContainText("0");

  await page.goto(`/projects/${slug}/export`);
  const form = page.getByTestId("snapshot-form");
  await form.getByLabel("Name").fill("v1");
  await form.getByRole("button", { name: "Create snapshot" }).click();
  const row = page.getByTestId("snapshot-v1");
  await expect(row).toContainText("adjudicated 2, unanimous 1");
  await row.getByRole("button", { name: "JSONL" }).click();
  await expect(page.getByTestId("manifest-v1-jsonl")).toContainText("data.jsonl");
  await row.getByRole("button", { name: "Hugging Face folder" }).click();
  await expect(page.getByTestId("manifest-v1-hf")).toContainText("README.md");

  const snapshot = (await exportSnapshotNamed(slug, "v1"))!;
  const folder = join(process.env.GOLDSET_EXPORTS_DIR!, slug, `snapshot-${snapshot.id}`);
  const jsonlBytes = readFileSync(join(folder, "jsonl", "data.jsonl"));
  const records = jsonlBytes
    .toString("utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; text: string; labels: string[]; decided_by: string; annotators: number; not_sure: number });
  expect(records.map((x) => [x.id, x.text, x.labels, x.decided_by, x.annotators, x.not_sure])).toEqual([
    ["item-1", "disputed item", ["spam"], "adjudicated", 2, 0],
    ["item-2", "unsure item", ["ham"], "adjudicated", 2, 1],
    ["item-3", "easy item", ["ham"], "unanimous", 2, 0],
  ]);
  const fileHash = createHash("sha256").update(jsonlBytes).digest("hex");
  expect(snapshot.hashes.jsonl).toEqual({ sha256: exportSha256([{ path: "data.jsonl", bytes: jsonlBytes.byteLength, sha256: fileHash }]), writer: 2 });

  const card = readFileSync(join(folder, "hf", "README.md"), "utf8");
  expect(card).toContain("ham");
  expect(card).toContain("spam");
  const hfRows = readFileSync(join(folder, "hf", "data", "all.jsonl"), "utf8")
    .trim()
    .split("\n");
  expect(hfRows).toHaveLength(3);

  const download = await page.request.get(`/api/projects/${slug}/exports/${snapshot.id}/files/jsonl/data.jsonl`);
  expect(Buffer.from(await download.body()).equals(jsonlBytes)).toBe(true);

  // Exporting the same snapshot again must give the same bytes: the server checks the hash.
  await row.getByRole("button", { name: "JSONL" }).click();
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  expect(readFileSync(join(folder, "jsonl", "data.jsonl")).equals(jsonlBytes)).toBe(true);
});
