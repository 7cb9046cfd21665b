import { expect, test } from "./fixtures";
import { getDb } from "@/db";
import { enqueueJob, getJob } from "@/db/queries/jobs";
import { seedProject, uniqueSlug } from "./support/database";

test("a lead sees the project's background jobs and cancels one that has not started; a reviewer sees them without the button", async ({ signedIn }) => {
  const slug = uniqueSlug("jobs");
  const project = await seedProject({ slug, texts: ["one", "two"], members: { reviewer: "reviewer" } });
  const db = await getDb();
  // Due in an hour, so no runner claims it while the test looks at it.
  const waiting = await enqueueJob({ db, kind: "agreement-snapshot", projectId: project.id, payload: { trigger: "manual" }, maxAttempts: 1, now: new Date(Date.now() + 3_600_000) });

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/settings`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Jobs" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/jobs$`));
  const row = page.getByTestId(`job-${waiting.id}`);
  await expect(row).toHaveAttribute("data-state", "queued");
  await expect(row.getByRole("cell", { name: "Agreement snapshot" })).toBeVisible();
  await row.getByRole("button", { name: `Cancel job ${waiting.id}` }).click();
  await expect(row).toHaveAttribute("data-state", "cancelled");
  await expect(row.getByRole("button")).toHaveCount(0);
  expect(await getJob({ db, jobId: waiting.id })).toMatchObject({ state: "cancelled", attempts: 0 });

  const reviewer = await signedIn("reviewer");
  await reviewer.page.goto(`/projects/${slug}/jobs`);
  await expect(reviewer.page.getByTestId(`job-${waiting.id}`)).toHaveAttribute("data-state", "cancelled");
  await expect(reviewer.page.getByRole("columnheader", { name: "Action" })).toHaveCount(0);
});
