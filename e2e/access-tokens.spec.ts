import { expect, test } from "./fixtures";
import { seedProject, uniqueSlug } from "./support/database";

// A lead makes a reviewer-capped token for one project on the account page, sees it once, uses it
// from a script (this test, with no cookies), then revokes it on the page: the next call is a 401.
test("a lead creates an access token, sees it once, calls the API with it, and revokes it", async ({ signedIn, request }) => {
  const slug = uniqueSlug("tokens");
  const other = uniqueSlug("tokens-other");
  await seedProject({ slug, texts: ["hello"], members: {} });
  await seedProject({ slug: other, texts: ["elsewhere"], members: {} });
  const name = `script ${slug}`;

  const { page } = await signedIn("lead");
  await page.goto("/projects");
  await page.getByRole("link", { name: "Access tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Access tokens" })).toBeVisible();

  const form = page.getByTestId("new-token-form");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Only these:").check();
  await form.getByRole("checkbox", { name: new RegExp(`Project ${slug} `) }).check();
  await form.getByLabel("Highest role").selectOption("reviewer");
  await form.getByLabel("Expires after").selectOption("30");
  await form.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByTestId("new-token-secret");
  await expect(shown).toBeFocused();
  const secret = await shown.inputValue();
  expect(secret).toMatch(/^gst_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("new-token")).toContainText("shown only this once");
  const row = page.getByTestId(`token-${name}`);
  await expect(row).toContainText(`gst_${secret.slice(4, 12)}…`);
  await expect(row).toContainText(slug);
  await expect(row).toContainText("reviewer");
  await expect(row).toContainText("never");

  // Once dismissed (or after a reload) the secret is nowhere on the page.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(secret);

  const bearer = { Authorization: `Bearer ${secret}` };
  const review = await request.get(`/api/v1/projects/${slug}/review`, { headers: bearer });
  expect(review.status()).toBe(200);
  // Capped at reviewer: the lead's member management is out of reach; the other project does not exist for it.
  expect((await request.get(`/api/projects/${slug}/members`, { headers: bearer })).status()).toBe(403);
  expect((await request.get(`/api/projects/${other}/review`, { headers: bearer })).status()).toBe(404);
  // A token cannot make tokens.
  const minted = await request.post("/api/account/tokens", { headers: bearer, data: { name: "child", role: "lead" } });
  expect(minted.status()).toBe(403);
  expect((await minted.json()).message).toContain("cannot create, list or revoke access tokens");

  await page.reload();
  await expect(row).not.toContainText("never");
  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await expect(row.getByTestId("token-revoked")).not.toHaveText("no");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  const refused = await request.get(`/api/projects/${slug}/review`, { headers: bearer });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).message).toContain("was revoked");
});
