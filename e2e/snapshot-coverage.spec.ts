import { expect, test } from "./fixtures";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AnnotatePage } from "./pages/annotate-page";
import { exportSnapshotNamed, seedProject, storedAnnotations, uniqueSlug } from "./support/database";

test("a snapshot's minimum defaults to the overlap; lowered, the card says how many items rest on one person", async ({ signedIn }) => {
  const slug = uniqueSlug("coverage");
  await seedProject({ slug, overlap: 2, texts: ["first item", "second item"], members: { annotator: "annotator" } });

  // One annotator labels both items: each rests on that one person.
  const annotator = await signedIn("annotator");
  const view = new AnnotatePage(annotator.page);
  await view.open(slug);
  await view.pressAndAdvance("1");
  await view.pressAndAdvance("1");
  await expect(annotator.page.getByTestId("queue-empty")).toBeVisible();
  // Submits are sent in the background: wait until both are stored before closing the browser.
  await expect.poll(async () => (await storedAnnotations(slug)).filter((a) => a.kind === "label").length).toBe(2);
  await annotator.context.close();

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/export`);
  const form = page.getByTestId("snapshot-form");
  await expect(form.getByLabel("Minimum annotations per item")).toHaveValue("2");
  await expect(page.getByTestId("min-annotations-hint")).toContainText("the project's overlap (2 annotations per item)");
  await expect(form.getByLabel("single (one annotation: rests on one person)")).not.toBeChecked();

  // The defaults leave out labels resting on one person.
  await form.getByLabel("Name").fill("agreed");
  await form.getByRole("button", { name: "Create snapshot" }).click();
  await expect(page.getByTestId("snapshot-agreed").locator("td").nth(1)).toHaveText("0");

  await form.getByLabel("Name").fill("lowered");
  // Lowering the minimum below the overlap ticks "single" by itself, as the hint says.
  await expect(page.getByTestId("min-annotations-hint")).toContainText("lowering it below the overlap ticks “single” above");
  await form.getByLabel("Minimum annotations per item").fill("1");
  await expect(form.getByLabel("single (one annotation: rests on one person)")).toBeChecked();
  await form.getByRole("button", { name: "Create snapshot" }).click();
  const row = page.getByTestId("snapshot-lowered");
  await expect(row).toContainText("single 2");
  await row.getByRole("button", { name: "Hugging Face folder" }).click();
  await expect(page.getByTestId("manifest-lowered-hf")).toContainText("README.md");

  const snapshot = (await exportSnapshotNamed(slug, "lowered"))!;
  const card = readFileSync(join(process.env.GOLDSET_EXPORTS_DIR!, slug, `snapshot-${snapshot.id}`, "hf", "README.md"), "utf8");
  expect(card).toContain("| single | 2 | 100.0% |");
  expect(card).toContain(
    "The project asks for 2 annotations per item; this snapshot lowered the minimum to 1. 2 of 2 items (100.0%) rest on one person's label",
  );
});
