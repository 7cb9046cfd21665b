import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { SpanAnnotatePage } from "./pages/span-annotate-page";
import { exportSnapshotNamed, seedProject, uniqueSlug } from "./support/database";

// Code points: Ada 0–3, Lovelace 4–12, met 13–16, Babbage 17–24, in 25–27, London 28–34.
const TEXT = "Ada Lovelace met Babbage in London.";
const ENTITY_TYPES = [
  { name: "person", hotkey: "1", color: "#2563eb", kind: "entity" as const },
  { name: "place", hotkey: "2", color: "#dc2626", kind: "entity" as const },
];

test("a reviewer takes one annotator's span, rejects another's, adds a missing one by keyboard, and the snapshot carries the decision", async ({ signedIn }) => {
  const slug = uniqueSlug("span-review");
  await seedProject({ slug, taskType: "spans", labels: ENTITY_TYPES, overlap: 2, texts: [TEXT], members: { annotator: "annotator", annotator2: "annotator", reviewer: "reviewer", lead: "lead" } });

  // The first annotator marks "Ada Lovelace" a person; the second "Ada" a person and "London" a place.
  const first = await signedIn("annotator");
  const a1 = new SpanAnnotatePage(first.page);
  await a1.open(slug);
  await first.page.keyboard.press("Shift+ArrowRight");
  await first.page.keyboard.press("1");
  await expect(a1.mark("person: Ada Lovelace")).toBeVisible();
  await first.page.keyboard.press("Enter");
  await expect(first.page.getByTestId("queue-empty")).toBeVisible();
  await first.context.close();

  const second = await signedIn("annotator2");
  const a2 = new SpanAnnotatePage(second.page);
  await a2.open(slug);
  await second.page.keyboard.press("1");
  await expect(a2.mark("person: Ada")).toBeVisible();
  await second.page.keyboard.press("End");
  await second.page.keyboard.press("ArrowLeft");
  await second.page.keyboard.press("2");
  await expect(a2.mark("place: London")).toBeVisible();
  await second.page.keyboard.press("Enter");
  await expect(second.page.getByTestId("queue-empty")).toBeVisible();
  await second.context.close();

  // No span has a majority (two of two), so the item waits for review with an empty draft.
  const { page } = await signedIn("reviewer");
  await page.goto(`/projects/${slug}/review`);
  await expect(page.getByTestId("review-queue").locator("li")).toHaveCount(1);
  const rows = page.getByTestId("span-review-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-annotator", "E2E Annotator");
  await expect(rows.nth(0).getByLabel("person: Ada Lovelace (not decided)")).toBeVisible();
  await expect(rows.nth(1).getByLabel("person: Ada (not decided)")).toBeVisible();
  await expect(rows.nth(1).getByLabel("place: London (not decided)")).toBeVisible();
  await expect(page.getByTestId("span-list")).toHaveCount(0);

  // y takes the first annotator's "Ada Lovelace"; j, n rejects the second's "Ada".
  const focus = page.getByTestId("span-review-focus");
  await expect(focus).toHaveText("In focus: E2E Annotator’s person “Ada Lovelace” (not decided)");
  await page.keyboard.press("y");
  await expect(rows.nth(0).getByLabel("person: Ada Lovelace (accepted)")).toBeVisible();
  await page.keyboard.press("j");
  await expect(focus).toHaveText("In focus: E2E Annotator Two’s person “Ada” (not decided)");
  await page.keyboard.press("n");
  await expect(rows.nth(1).getByLabel("person: Ada (rejected)")).toBeVisible();

  // The cursor sits on the focused span's first token ("Ada"); → → → to "Babbage", 1 marks it.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("span-status")).toContainText("Cursor on “Babbage”");
  await page.keyboard.press("1");
  await expect(page.getByTestId("span-list").locator("tbody tr")).toHaveText([/person\s*Ada Lovelace\s*0–12/, /person\s*Babbage\s*17–24/]);

  // The mouse too: a click on the second annotator's "London" focuses it, the Reject button rejects it.
  await rows.nth(1).getByLabel("place: London (not decided)").click();
  await expect(focus).toHaveText("In focus: E2E Annotator Two’s place “London” (not decided)");
  await page.getByTestId("reject-focused").click();
  await expect(rows.nth(1).getByLabel("place: London (rejected)")).toBeVisible();
  // Esc leaves the button, so Enter decides instead of pressing it again.
  await page.keyboard.press("Escape");

  const historyHref = (await page.getByTestId("review-item-history").getAttribute("href"))!;
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("review-feedback")).toHaveText("#item-1 decided: 2 span(s).");
  await expect(page.getByTestId("review-backlog")).toHaveText("0 item(s) need review");

  // The item's history shows whose spans the decision took, and the resolution's spans.
  await page.goto(historyHref);
  const decision = page.locator('[data-kind="decision"]');
  await expect(decision).toContainText("person “Ada Lovelace” 0–12 from E2E Annotator; person “Babbage” 17–24 added by the reviewer");
  await expect(page.locator('[data-kind="resolution"]')).toContainText("person 0–12, person 17–24");
  await expect(page.locator('[data-kind="resolution"]')).toContainText("(adjudicated)");

  // The lead's insights show the span agreement, hand-worked: the annotators share no span exactly
  // (exact F1 0); "Ada Lovelace" and "Ada" overlap with one type, one partial match among 1 + 2
  // spans (partial F1 2·1 / 3 = 0.667). Dawid–Skene is said not to apply.
  const lead = await signedIn("lead");
  await lead.page.goto(`/projects/${slug}/insights`);
  const spanAgreement = lead.page.getByTestId("span-agreement");
  await expect(spanAgreement.getByTestId("span-exact-f1").locator(".value")).toHaveText("0.000");
  await expect(spanAgreement.getByTestId("span-partial-f1").locator(".value")).toHaveText("0.667");
  await expect(spanAgreement.getByTestId("span-agreement-pairs")).toContainText("E2E Annotator · E2E Annotator Two");
  await expect(lead.page.getByTestId("dawid-skene-section")).toContainText("does not apply to spans");
  await expect(lead.page.getByTestId("metric-krippendorff")).toHaveCount(0);

  // The lead's JSONL snapshot carries the decided spans.
  await lead.page.goto(`/projects/${slug}/export`);
  const form = lead.page.getByTestId("snapshot-form");
  await form.getByLabel("Name").fill("v1");
  await form.getByRole("button", { name: "Create snapshot" }).click();
  const row = lead.page.getByTestId("snapshot-v1");
  await expect(row).toContainText("adjudicated 1");
  await row.getByRole("button", { name: "JSONL" }).click();
  await expect(lead.page.getByTestId("manifest-v1-jsonl")).toContainText("data.jsonl");
  const snapshot = (await exportSnapshotNamed(slug, "v1"))!;
  const lines = readFileSync(join(process.env.GOLDSET_EXPORTS_DIR!, slug, `snapshot-${snapshot.id}`, "jsonl", "data.jsonl"), "utf8").trim().split("\n");
  expect(lines).toHaveLength(1);
  const record = JSON.parse(lines[0]!) as { id: string; decided_by: string; spans: unknown };
  expect(record.decided_by).toBe("adjudicated");
  expect(record.spans).toEqual([
    { start: 0, end: 12, label: "person", text: "Ada Lovelace" },
    { start: 17, end: 24, label: "person", text: "Babbage" },
  ]);
});
