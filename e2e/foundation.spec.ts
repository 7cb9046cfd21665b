import { expect, test } from "./fixtures";
import { signIn } from "./pages/login-page";
import { AnnotatePage } from "./pages/annotate-page";
import { classifierVersionsOf, rankedQueueOf, seedProject, storedAnnotations, storedSkips, uniqueSlug, userId } from "./support/database";
import { PEOPLE } from "./support/people";

test("each role signs in, and only the site admin sees user management", async ({ page }) => {
  for (const person of ["lead", "reviewer", "annotator"] as const) {
    await signIn(page, person);
    await expect(page.getByTestId("signed-in-as")).toContainText(PEOPLE[person].email);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/admin/users");
    await expect(page.getByTestId("access-denied")).toBeVisible();
    await page.context().clearCookies();
  }
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByTestId("user-list")).toContainText(PEOPLE.annotator.email);
});

test("a lead creates a project, imports a file twice and a broken one, and adds an annotator", async ({ signedIn }) => {
  const slug = uniqueSlug("created");
  // Under the default site rule only site admins and people who already lead a project create
  // projects; a lead adds people they already work with. Here, both come from an earlier project.
  await seedProject({ slug: uniqueSlug("earlier"), texts: ["earlier item"], members: { annotator: "annotator" } });
  const { page } = await signedIn("lead");
  await page.goto("/projects");
  const form = page.getByTestId("new-project-form");
  if (!(await form.isVisible())) await page.getByText("New project").click();
  await form.getByLabel("Name").fill("Created in the browser");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Labels, comma-separated").fill("positive, negative, neutral");
  await form.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(`**/projects/${slug}/settings`);

  await page.getByRole("link", { name: "Import" }).click();
  const file = {
    name: "reviews.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(['{"id":"r1","text":"Loved it"}', '{"id":"r2","text":"Hated it","stars":1}', '{"id":"r3","text":"Meh"}'].join("\n")),
  };
  await page.getByTestId("import-items-file").setInputFiles(file);
  await page.getByTestId("import-items-form").getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-items-result")).toHaveText(/3 new, 0 already present/);
  await page.getByTestId("import-items-file").setInputFiles(file);
  await page.getByTestId("import-items-form").getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-items-result")).toHaveText(/0 new, 3 already present/);

  await page.getByTestId("import-items-file").setInputFiles({
    name: "broken.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from('{"id":"b1","text":"fine"}\n{"id":"b2","text":\n{"id":"b3","text":""}\n'),
  });
  await page.getByTestId("import-items-form").getByRole("button", { name: "Import" }).click();
  const error = page.getByTestId("form-error");
  await expect(error).toContainText("nothing was imported");
  await expect(error).toContainText("line 2");
  await expect(error).toContainText("line 3");

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("tablist", { name: "Settings sections" }).getByRole("tab", { name: "Members" }).click();
  const addMember = page.getByTestId("add-member-form");
  await addMember.getByPlaceholder("email of an existing user").fill(PEOPLE.annotator.email);
  await addMember.getByRole("combobox").selectOption("annotator");
  await addMember.getByRole("button", { name: "Add or change role" }).click();
  await expect(page.getByTestId("members")).toContainText(PEOPLE.annotator.email);

  // The import ranked the queue before answering: the annotator starts on the cold start's first
  // diversity pick, not on the first line of the file.
  expect((await classifierVersionsOf(slug)).map((v) => v.metrics)).toEqual([
    expect.objectContaining({ trigger: "import", coldStart: true, diversityPicks: 3 }),
  ]);
  const textOf: Record<string, string> = { r1: "Loved it", r2: "Hated it", r3: "Meh" };
  const { context, page: annotatorPage } = await signedIn("annotator");
  const annotate = new AnnotatePage(annotatorPage);
  await annotate.open(slug);
  await expect(annotate.itemText).toHaveText(textOf[(await rankedQueueOf(slug, 1))[0]!.externalId]!);
  await context.close();
});

test("an annotator labels with the keyboard only, with not-sure, skip and undo, and provenance is stored", async ({ signedIn }) => {
  const slug = uniqueSlug("keyboard");
  await seedProject({ slug, texts: ["first text", "second text", "third text", "fourth text", "fifth text"], members: { annotator: "annotator" } });
  const { page } = await signedIn("annotator");
  const annotate = new AnnotatePage(page);
  await annotate.open(slug);

  await expect(annotate.itemText).toHaveText("first text");
  await annotate.pressAndAdvance("2");

  await expect(annotate.itemText).toHaveText("second text");
  await page.keyboard.press("n");
  await expect(page.getByTestId("not-sure-reason")).toBeFocused();
  await page.keyboard.type("could be either");
  await page.keyboard.press("Escape");
  await annotate.pressAndAdvance("1");

  await expect(annotate.itemText).toHaveText("third text");
  await page.keyboard.press("s");
  await expect(page.getByTestId("skip-reason")).toBeFocused();
  await page.keyboard.type("not English");
  await annotate.pressAndAdvance("Enter");

  await expect(annotate.itemText).toHaveText("fourth text");
  await annotate.pressAndAdvance("1");
  await expect(annotate.itemText).toHaveText("fifth text");
  await page.keyboard.press("u");
  await expect(annotate.itemText).toHaveText("fourth text");
  await annotate.pressAndAdvance("2");

  await expect(annotate.itemText).toHaveText("fifth text");
  await page.keyboard.press("n");
  await expect(page.getByTestId("not-sure-reason")).toBeFocused();
  await page.keyboard.type("no idea");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  await expect(annotate.progress).toHaveText("4 done · 0 remaining");

  const rows = await storedAnnotations(slug);
  const annotator = PEOPLE.annotator.email;
  expect(rows.map((r) => [r.externalId, r.kind, r.labels, r.notSure, r.notSureReason])).toEqual([
    ["item-1", "label", ["spam"], false, null],
    ["item-2", "label", ["ham"], true, "could be either"],
    ["item-4", "label", ["ham"], false, null],
    ["item-4", "retraction", [], false, null],
    ["item-4", "label", ["spam"], false, null],
    ["item-5", "label", [], true, "no idea"],
  ]);
  expect(rows.every((r) => r.annotator === annotator && r.suggestionAction === "none" && r.suggestionId === null)).toBe(true);
  expect(rows.filter((r) => r.kind === "label").every((r) => (r.timeSpentMs ?? -1) >= 0)).toBe(true);
  expect(rows[3]!.supersedesId).toBe(rows[2]!.id);
  expect(rows[4]!.supersedesId).toBe(rows[3]!.id);
  expect((await storedSkips(slug)).map((s) => [s.externalId, s.user, s.reason, s.undoneAt])).toEqual([["item-3", annotator, "not English", null]]);
});

test("with overlap 2, two annotators get the same item and a third does not", async ({ signedIn }) => {
  const slug = uniqueSlug("overlap");
  await seedProject({
    slug,
    overlap: 2,
    texts: Array.from({ length: 8 }, (_, i) => `overlap item ${i + 1}`),
    members: { annotator: "annotator", annotator2: "annotator", annotator3: "annotator" },
  });
  const sessions = await Promise.all((["annotator", "annotator2"] as const).map((p) => signedIn(p)));
  await Promise.all(sessions.map(({ page }) => new AnnotatePage(page).open(slug)));
  for (const { page } of sessions) await expect(new AnnotatePage(page).itemText).toHaveText("overlap item 1");

  const third = await signedIn("annotator3");
  const thirdView = new AnnotatePage(third.page);
  await thirdView.open(slug);
  await expect(thirdView.itemText).not.toHaveText("overlap item 1");
  await expect(thirdView.itemText).not.toHaveText("overlap item 2");
  for (const s of [...sessions, third]) await s.context.close();
});

test("an annotator is refused settings, import and export, and never sees others' labels", async ({ signedIn }) => {
  const slug = uniqueSlug("refused");
  const project = await seedProject({ slug, overlap: 2, texts: ["shared item"], members: { annotator: "annotator", annotator2: "annotator" } });

  const other = await signedIn("annotator2");
  const otherView = new AnnotatePage(other.page);
  await otherView.open(slug);
  await other.page.keyboard.press("c");
  await other.page.keyboard.type("SECRET-NOTE-FROM-ANNOTATOR-TWO");
  await other.page.keyboard.press("Escape");
  await otherView.pressAndAdvance("2");
  await other.context.close();

  const { page } = await signedIn("annotator");
  for (const section of ["settings", "import", "export"]) {
    await page.goto(`/projects/${slug}/${section}`);
    await expect(page.getByTestId("access-denied")).toBeVisible();
  }
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const api = page.request;
  const refused = [
    await api.get(`/api/projects/${slug}/settings`),
    await api.patch(`/api/projects/${slug}/settings`, { data: { overlap: 5 } }),
    await api.put(`/api/projects/${slug}/labels`, { data: { labels: [{ name: "a" }, { name: "b" }] } }),
    await api.get(`/api/projects/${slug}/members`),
    await api.post(`/api/projects/${slug}/members`, { data: { email: PEOPLE.annotator.email, role: "lead" } }),
    await api.post(`/api/projects/${slug}/import?fileName=x.jsonl`, { data: '{"id":"x","text":"x"}' }),
    await api.post(`/api/projects/${slug}/exports`, { data: { name: "x" } }),
    await api.get(`/api/users`),
  ];
  expect(refused.map((r) => r.status())).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);

  const queue = await api.post(`/api/projects/${slug}/queue`, { data: { count: 2 } });
  expect(queue.status()).toBe(200);
  const body = await queue.text();
  expect(body).toContain("shared item");
  expect(body).not.toContain("SECRET-NOTE");
  expect(body).not.toContain("spam");
  expect(body).not.toContain(await userId("annotator2"));
  await page.goto(`/projects/${slug}/annotate`);
  await expect(page.getByTestId("item-text")).toHaveText("shared item");
  expect(await page.content()).not.toContain("SECRET-NOTE");
  expect(project.overlap).toBe(2);
});

test("item text and guidelines are rendered as text, never as HTML", async ({ signedIn }) => {
  const slug = uniqueSlug("xss");
  const payload = "<img src=x onerror=alert(1)>";
  const guidelines = "Read **this** first.\n\n<script>alert(2)</script>\n\n[click me](javascript:alert(3))";
  await seedProject({ slug, texts: [payload], members: { annotator: "annotator" }, guidelines });
  const { page } = await signedIn("annotator");
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  const annotate = new AnnotatePage(page);
  await annotate.open(slug);
  await expect(annotate.itemText).toHaveText(payload);
  await expect(page.locator("[data-testid=item] img")).toHaveCount(0);
  await page.keyboard.press("g");
  const panel = page.getByTestId("guidelines");
  await expect(panel.locator("strong")).toHaveText("this");
  await expect(panel.locator("script")).toHaveCount(0);
  const href = await panel.getByText("click me").getAttribute("href");
  expect(href ?? "").not.toMatch(/^javascript:/i);
  expect(dialogs).toBe(0);
});
