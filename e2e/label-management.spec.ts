import { expect, test } from "./fixtures";
import { AnnotatePage } from "./pages/annotate-page";
import { seedLabels, seedProject, storedAnnotations, uniqueSlug } from "./support/database";

// Seven items, overlap 1. The annotator labelled six: items 1-3 spam, 4-5 junk, 6 ham; item 7 is
// still open. Merging junk into spam makes five items read spam; reverting makes it three again.
test("label rename and merge: the lead renames, merges, sees merged counts, reverts; the annotator sees the new name and hotkey", async ({ signedIn }) => {
  const slug = uniqueSlug("labels");
  await seedProject({
    slug,
    overlap: 1,
    labels: [{ name: "ham" }, { name: "spam" }, { name: "junk" }],
    texts: ["one", "two", "three", "four", "five", "six", "seven"],
    members: { annotator: "annotator" },
  });
  const labelOf = ["spam", "spam", "spam", "junk", "junk", "ham"];
  await seedLabels(
    slug,
    labelOf.map((label, i) => ({ person: "annotator" as const, item: `item-${i + 1}`, label })),
  );

  const lead = await signedIn("lead");
  const l = lead.page;
  await l.goto(`/projects/${slug}/settings`);
  const tabs = l.getByRole("tablist", { name: "Settings sections" });
  await expect(tabs.getByRole("tab", { name: "General" })).toHaveAttribute("aria-selected", "true");
  await tabs.getByRole("tab", { name: "Labels" }).click();
  await expect(l).toHaveURL(new RegExp(`/projects/${slug}/settings\\?tab=labels$`));
  const manager = l.getByTestId("label-manager");
  await expect(manager.getByRole("columnheader", { name: "Hotkey" })).toBeVisible();

  // Rename ham to legit: the old name is kept as an alias.
  await manager.getByTestId("label-row-ham").getByRole("button", { name: "Rename" }).click();
  await manager.getByLabel("New name for ham").fill("legit");
  await manager.getByRole("button", { name: "Save name" }).click();
  await expect(manager.getByTestId("label-row-legit")).toContainText("also reads: ham");
  await expect(l.getByRole("status")).toContainText("Label renamed");

  // A command key is refused with the reason; a free letter is taken.
  const spamRow = manager.getByTestId("label-row-spam");
  await spamRow.getByLabel("Hotkey of spam").fill("n");
  await spamRow.getByRole("button", { name: "Save" }).click();
  await expect(manager).toContainText('Hotkey "n" is taken by the annotate page (not sure)');
  await spamRow.getByLabel("Hotkey of spam").fill("p");
  await spamRow.getByRole("button", { name: "Save" }).click();
  await expect(l.getByRole("status")).toContainText("Label saved");

  // Merge junk into spam.
  const junkRow = manager.getByTestId("label-row-junk");
  await junkRow.getByLabel("Merge junk into").selectOption({ label: "spam" });
  await junkRow.getByRole("button", { name: "Merge" }).click();
  await expect(junkRow).toContainText("merged into spam");
  await expect(manager.getByTestId("label-row-spam")).toContainText("also reads: junk");

  // The data browser counts the merged items under spam once they are re-resolved in the background.
  const finalSpam = `/projects/${slug}/items?label=spam`;
  await l.goto(`/projects/${slug}/items`);
  await expect(l.getByLabel("Final label", { exact: true }).locator("option", { hasText: "junk" })).toHaveCount(0);
  await l.getByLabel("Final label", { exact: true }).selectOption("spam");
  await l.getByRole("button", { name: "Apply" }).click();
  await expect(async () => {
    await l.reload();
    await expect(l.getByTestId("match-count")).toHaveText("5 items match.", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const legitRows = l.getByRole("table", { name: "Items" }).locator("tbody tr");
  await l.getByLabel("Final label", { exact: true }).selectOption("legit");
  await l.getByRole("button", { name: "Apply" }).click();
  await expect(l.getByTestId("match-count")).toHaveText("1 item matches.");
  await expect(legitRows.first()).toContainText("item-6");
  await expect(legitRows.first()).toContainText("legit");

  // The annotator sees the new name, spam's new hotkey, and no button for the merged label.
  const annotator = await signedIn("annotator");
  const annotate = new AnnotatePage(annotator.page);
  await annotate.open(slug);
  await expect(annotator.page.getByTestId("label-legit")).toBeVisible();
  await expect(annotator.page.getByTestId("label-spam")).toContainText("p");
  await expect(annotator.page.getByTestId("label-junk")).toHaveCount(0);
  await expect(annotator.page.getByTestId("label-ham")).toHaveCount(0);
  await annotate.pressAndAdvance("p");
  await expect.poll(async () => (await storedAnnotations(slug)).filter((a) => a.labels.includes("spam")).length).toBe(4);

  // Revert the merge: junk is back in use, and spam counts its own four items (three seeded, one just labelled).
  await l.goto(`/projects/${slug}/settings?tab=labels`);
  await manager.getByTestId("label-row-junk").getByRole("button", { name: "Revert merge" }).click();
  await expect(manager.getByTestId("label-row-junk")).toContainText("in use");
  await expect(async () => {
    await l.goto(finalSpam);
    await expect(l.getByTestId("match-count")).toHaveText("4 items match.", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  await lead.context.close();
  await annotator.context.close();
});
