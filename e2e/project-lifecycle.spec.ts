import { expect, test } from "./fixtures";
import { ARCHIVED_REFUSAL } from "@/lib/projects/project-lifecycle";
import { AnnotatePage } from "./pages/annotate-page";
import { seedProject, uniqueSlug } from "./support/database";

test("a lead archives a project: it moves to the archived section, the annotator is served nothing and cannot label; the lead unarchives it", async ({ signedIn }) => {
  const slug = uniqueSlug("shelved");
  await seedProject({ slug, texts: ["Lunch at noon?", "WIN a free cruise"], members: { annotator: "annotator" } });

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/settings?tab=project`);
  const lifecycle = page.getByTestId("project-lifecycle");
  await expect(page.getByTestId("archived-badge")).toHaveCount(0);
  await lifecycle.getByRole("button", { name: "Archive project" }).click();
  await expect(page.getByTestId("archived-badge")).toHaveText("Archived");
  await expect(lifecycle.getByRole("button", { name: "Unarchive project" })).toBeVisible();

  // The projects list keeps it out of the active projects, in a folded "Archived" section.
  await page.goto("/projects");
  await expect(page.getByTestId("project-list").getByTestId(`project-${slug}`)).toHaveCount(0);
  const archived = page.getByTestId("archived-projects");
  await expect(archived.getByTestId(`project-${slug}`)).toBeHidden();
  await archived.getByText(/^Archived \(\d+\)$/).click();
  await expect(archived.getByTestId(`project-${slug}`)).toBeVisible();

  // Reading still works: the lead browses the items of the archived project.
  await page.goto(`/projects/${slug}/items`);
  await expect(page.getByText("WIN a free cruise")).toBeVisible();

  const { page: annotatorPage } = await signedIn("annotator");
  await annotatorPage.goto(`/projects/${slug}/annotate`);
  await expect(annotatorPage.getByTestId("project-archived")).toContainText("archived");
  await expect(annotatorPage.getByTestId("item-text")).toHaveCount(0);
  // Asking the queue directly is refused too, with the reason.
  const origin = new URL(annotatorPage.url()).origin;
  const queue = await annotatorPage.request.post(`/api/projects/${slug}/queue`, { data: { count: 1 }, headers: { origin } });
  expect(queue.status()).toBe(409);
  expect(((await queue.json()) as { message: string }).message).toBe(ARCHIVED_REFUSAL);

  await page.goto(`/projects/${slug}/settings?tab=project`);
  await page.getByTestId("project-lifecycle").getByRole("button", { name: "Unarchive project" }).click();
  await expect(page.getByTestId("archived-badge")).toHaveCount(0);
  await expect(page.getByTestId("project-lifecycle").getByRole("button", { name: "Archive project" })).toBeVisible();

  await new AnnotatePage(annotatorPage).open(slug);
});

test("a lead deletes a project by typing its name: it is gone from the list and every page answers 404; a site admin restores it", async ({ signedIn }) => {
  const slug = uniqueSlug("deleted");
  const name = `Project ${slug}`;
  await seedProject({ slug, texts: ["one", "two"], members: { annotator: "annotator" } });

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/settings?tab=project`);
  const lifecycle = page.getByTestId("project-lifecycle");
  const confirm = lifecycle.getByLabel("Type the project's name");
  const deleteButton = lifecycle.getByRole("button", { name: "Delete project" });
  await expect(deleteButton).toBeDisabled();
  await confirm.fill(name.toUpperCase());
  await expect(deleteButton).toBeDisabled();
  await confirm.fill(name);
  await expect(deleteButton).toBeEnabled();
  await deleteButton.click();
  await page.waitForURL(/\/projects$/);
  await expect(page.getByTestId(`project-${slug}`)).toHaveCount(0);

  for (const section of ["settings", "items", "export"]) {
    expect((await page.goto(`/projects/${slug}/${section}`))!.status(), section).toBe(404);
  }
  expect((await page.request.get(`/api/projects/${slug}/settings`)).status()).toBe(404);
  const { page: annotatorPage } = await signedIn("annotator");
  expect((await annotatorPage.goto(`/projects/${slug}/annotate`))!.status()).toBe(404);

  const { page: adminPage } = await signedIn("admin");
  await adminPage.goto("/admin/users");
  const deleted = adminPage.getByTestId("deleted-projects");
  await expect(deleted.getByRole("row", { name: new RegExp(name) })).toContainText("lead@");
  await deleted.getByRole("button", { name: `Restore ${name}` }).click();
  await expect(deleted.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  await page.goto("/projects");
  await expect(page.getByTestId(`project-${slug}`)).toBeVisible();
});
