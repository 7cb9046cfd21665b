import { expect, test } from "./fixtures";
import { AccountPage } from "./pages/account-page";
import { AnnotatePage } from "./pages/annotate-page";
import { createAccount, recordFailedSignIns, seedProject, signInFailures, uniqueSlug } from "./support/database";
import { PEOPLE } from "./support/people";

let counter = 0;
function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@e2e.test`;
}

test("a user changes their password; the old one stops working and the new one signs in", async ({ page }) => {
  const email = uniqueEmail("changer");
  await createAccount({ email, name: "Changer", password: "first passphrase" });
  const account = new AccountPage(page);
  await account.signIn(email, "first passphrase");
  await page.waitForURL("**/projects");
  await page.getByRole("link", { name: "Password" }).click();
  const form = page.getByTestId("change-password-form");
  await form.getByLabel("Current password").fill("first passphrase");
  await form.getByLabel("New password", { exact: true }).fill("password123");
  await form.getByLabel("New password again").fill("password123");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-error")).toContainText("one of the most common passwords");
  await account.changePassword("first passphrase", "second passphrase");
  await expect(page.getByTestId("signed-in-as")).toContainText(email);

  await page.context().clearCookies();
  await account.signIn(email, "first passphrase");
  await expect(account.signInError).toHaveText("Wrong email or password.");
  await account.signIn(email, "second passphrase");
  await page.waitForURL("**/projects");
});

test("a copied session cookie stops working once its owner signs out", async ({ browser }) => {
  const email = uniqueEmail("copied");
  await createAccount({ email, name: "Copied", password: "copied passphrase" });
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await new AccountPage(ownerPage).signIn(email, "copied passphrase");
  await ownerPage.waitForURL("**/projects");

  const thief = await browser.newContext();
  const stolen = await owner.cookies();
  await thief.addCookies(stolen);
  const thiefPage = await thief.newPage();
  await thiefPage.goto("/projects");
  await expect(thiefPage.getByTestId("signed-in-as")).toContainText(email);
  expect((await thief.request.get("/api/projects")).status()).toBe(200);

  await ownerPage.getByRole("button", { name: "Sign out" }).click();
  await ownerPage.waitForURL("**/login**");

  expect((await thief.request.get("/api/projects")).status()).toBe(401);
  await thiefPage.goto("/projects");
  await expect(thiefPage).toHaveURL(/\/login/);

  // The revoked copy shows nothing and cannot end the owner's next session by signing out.
  await thief.addCookies(stolen);
  expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
  await new AccountPage(ownerPage).signIn(email, "copied passphrase");
  await ownerPage.waitForURL("**/projects");
  await thief.addCookies(stolen);
  const { csrfToken } = (await (await thief.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const origin = new URL(ownerPage.url()).origin;
  await thief.request.post("/api/auth/signout", { form: { csrfToken }, headers: { origin }, maxRedirects: 0 });
  expect((await owner.request.get("/api/projects")).status()).toBe(200);
  await owner.close();
  await thief.close();
});

test("an admin deactivates a user, whose live session ends and who cannot sign in until reactivated", async ({ browser, signedIn }) => {
  const email = uniqueEmail("leaver");
  await createAccount({ email, name: "Leaver", password: "leaver passphrase" });
  const user = await browser.newContext();
  const userPage = await user.newPage();
  const account = new AccountPage(userPage);
  await account.signIn(email, "leaver passphrase");
  await userPage.waitForURL("**/projects");

  const { context: adminContext, page: adminPage } = await signedIn("admin");
  await adminPage.goto("/admin/users");
  const actions = adminPage.getByTestId(`user-actions-${email}`);
  await actions.getByRole("button", { name: "Deactivate" }).click();
  await expect(actions.getByRole("button", { name: "Reactivate" })).toBeVisible();

  expect((await user.request.get("/api/projects")).status()).toBe(401);
  await userPage.goto("/projects");
  await expect(userPage).toHaveURL(/\/login/);
  await account.signIn(email, "leaver passphrase");
  await expect(account.signInError).toHaveText("This account is deactivated: ask a site admin.");

  await actions.getByRole("button", { name: "Reactivate" }).click();
  await expect(actions.getByRole("button", { name: "Deactivate" })).toBeVisible();
  await account.signIn(email, "leaver passphrase");
  await userPage.waitForURL("**/projects");
  await adminContext.close();
  await user.close();
});

test("an admin resets a password: the user signs in with the temporary one and must change it first", async ({ browser, signedIn }) => {
  const email = uniqueEmail("forgetful");
  await createAccount({ email, name: "Forgetful", password: "forgotten passphrase" });
  const { context: adminContext, page: adminPage } = await signedIn("admin");
  await adminPage.goto("/admin/users");
  const actions = adminPage.getByTestId(`user-actions-${email}`);
  await actions.getByRole("button", { name: "Reset password" }).click();
  const temporary = (await actions.getByTestId("temporary-password").locator("code").textContent())!;
  expect(temporary).toHaveLength(16);

  const user = await browser.newContext();
  const userPage = await user.newPage();
  const account = new AccountPage(userPage);
  await account.signIn(email, temporary);
  await userPage.waitForURL("**/account/password");
  await expect(userPage.getByTestId("password-change-required")).toBeVisible();
  await userPage.goto("/projects");
  await expect(userPage).toHaveURL(/\/account\/password$/);
  const blocked = await user.request.get("/api/projects");
  expect(blocked.status()).toBe(403);
  expect((await blocked.json()).message).toMatch(/^Change your password before anything else/);

  await account.changePassword(temporary, "my own passphrase");
  expect((await user.request.get("/api/projects")).status()).toBe(200);
  await adminContext.close();
  await user.close();
});

test("the tenth wrong password locks the account, counted under the socket's address whatever X-Forwarded-For says", async ({ browser }) => {
  const email = uniqueEmail("guessed");
  await createAccount({ email, name: "Guessed", password: "guessed passphrase" });
  // Nine failures ten minutes ago: their delays (up to 32 s) are over, the count is not.
  await recordFailedSignIns(email, 9, new Date(Date.now() - 10 * 60_000));
  const addressBefore = await signInFailures("address:127.0.0.1");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.9" } });
  const account = new AccountPage(await context.newPage());
  await account.signIn(email, "guess 10");
  await expect(account.signInError).toHaveText("Wrong email or password.");
  await account.signIn(email, "guessed passphrase");
  await expect(account.signInError).toHaveText("Too many failed sign-ins: try again in 15 minutes.");
  expect(await signInFailures(`account:${email}`)).toBe(10);
  expect(await signInFailures("address:127.0.0.1")).toBe(addressBefore + 1);
  expect(await signInFailures("address:203.0.113.9")).toBe(0);
  await context.close();
});

test("a lead removes a member in the settings; the member's next request to the project is refused", async ({ signedIn }) => {
  const slug = uniqueSlug("removal");
  await seedProject({ slug, texts: ["one", "two"], members: { lead: "lead", annotator2: "annotator" } });
  const { context, page: annotatorPage } = await signedIn("annotator2");
  const annotate = new AnnotatePage(annotatorPage);
  await annotate.open(slug);

  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/settings?tab=members`);
  await page.getByRole("button", { name: `Remove ${PEOPLE.annotator2.email}` }).click();
  await expect(page.getByTestId("members")).not.toContainText(PEOPLE.annotator2.email);

  await annotatorPage.reload();
  await expect(annotatorPage.getByText("This page could not be found.")).toBeVisible();
  await expect(annotate.itemText).toHaveCount(0);
  await context.close();
});
