// A script's path through the stable API (/api/v1), and the reference page people read it from.
import { expect, test } from "./fixtures";
import { uniqueSlug } from "./support/database";

test("the API document and the reference page are public, and an unsigned call gets the one error shape", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const doc = (await (await context.request.get("/api/v1/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/v1/projects/{slug}/items/{itemId}");

  const refused = await context.request.get("/api/v1/projects");
  expect(refused.status()).toBe(401);
  expect(Object.keys((await refused.json()) as object).sort()).toEqual(["error", "message"]);

  const page = await context.newPage();
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Goldset API");
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Items", exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/api-docs#tag-Items`);
  const readItem = page.locator("#getProjectsSlugItemsItemId");
  await expect(readItem.getByRole("heading", { level: 3 })).toHaveText("GET /api/v1/projects/{slug}/items/{itemId}");
  await expect(readItem).toContainText("viewAllAnnotations");
  await expect(readItem.getByRole("table")).toContainText("itemId");
  await expect(page.locator("#error-shape pre")).toContainText('"problems"');
  await context.close();
});

test("a script creates a project, streams in items, lists them and reads one through /api/v1", async ({ signedIn, baseURL }) => {
  const { page } = await signedIn("admin");
  const api = page.request;
  const headers = { origin: baseURL! };
  const slug = uniqueSlug("api-script");

  const created = await api.post("/api/v1/projects", { headers, data: { name: "Via the API", slug, taskType: "single_label", labels: [{ name: "ham" }, { name: "spam" }] } });
  expect(created.status()).toBe(201);
  expect(((await created.json()) as { project: { slug: string } }).project.slug).toBe(slug);

  const file = '{"id":"m1","text":"Win a <b>prize</b>"}\n{"id":"m2","text":"See you at 5"}\n';
  const imported = await api.post(`/api/v1/projects/${slug}/import?fileName=sms.jsonl`, { headers: { ...headers, "content-type": "application/octet-stream" }, data: Buffer.from(file) });
  expect(imported.status()).toBe(201);
  expect(await imported.json()).toMatchObject({ inserted: 2, duplicates: 0 });

  const badFile = await api.post(`/api/v1/projects/${slug}/import?fileName=bad.jsonl`, { headers: { ...headers, "content-type": "application/octet-stream" }, data: Buffer.from('{"id":"m3"}\n') });
  expect(badFile.status()).toBe(422);
  const problem = (await badFile.json()) as { error: string; problems: { line?: number }[] };
  expect(problem.error).toBe("invalid_import");
  expect(problem.problems[0]!.line).toBe(1);

  const listed = (await (await api.get(`/api/v1/projects/${slug}/items?sort=-id`)).json()) as { items: { id: number; externalId: string }[]; nextQuery: string | null };
  expect(listed.items.map((i) => i.externalId)).toEqual(["m2", "m1"]);
  expect(listed.nextQuery).toBeNull();

  const m1 = listed.items[1]!.id;
  const reading = (await (await api.get(`/api/v1/projects/${slug}/items/${m1}`)).json()) as { item: { text: string }; annotations: unknown[]; resolution: unknown };
  expect(reading).toMatchObject({ item: { text: "Win a <b>prize</b>" }, annotations: [], resolution: null });

  const invalid = await api.post("/api/v1/projects", { headers, data: { name: "x", slug: "Not A Slug", taskType: "single_label", labels: [{ name: "a" }, { name: "b" }] } });
  expect(invalid.status()).toBe(400);
  expect(await invalid.json()).toMatchObject({ error: "bad_request", field: "slug" });
});

test("the top bar links to the API reference", async ({ signedIn }) => {
  const { page } = await signedIn("lead");
  await page.goto("/projects");
  await page.getByRole("navigation").getByRole("link", { name: "API", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Goldset API");
});
