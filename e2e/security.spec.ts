// The perimeter, against the real server: cross-site writes, open redirects, oversized bodies,
// security headers with a CSP the pages pass, and sign-out on whatever host the browser used.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AccountPage } from "./pages/account-page";
import { signIn } from "./pages/login-page";
import { createAccount, seedProject, uniqueSlug, userId } from "./support/database";
import { getDb } from "@/db";
import { getRole } from "@/db/queries/memberships";
import { rawRow } from "@/db/raw-sql";

const port = Number(process.env.GOLDSET_E2E_PORT ?? 3100);
const own = `http://127.0.0.1:${port}`;

/** Nothing the browser does in these tests may leave the machine: other hosts are cut off. */
async function loopbackOnly(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, async (route) => {
    blocked.push(route.request().url());
    await route.abort();
  });
  return blocked;
}

function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}

async function roleOf(slug: string, person: "annotator") {
  const db = await getDb();
  const project = (await rawRow(db, "SELECT id FROM projects WHERE slug = ?", slug)) as { id: string };
  return await getRole({ db, projectId: project.id, userId: await userId(person) });
}

test("a form on another port of the same host cannot change a member's role", async ({ signedIn }) => {
  const slug = uniqueSlug("csrf");
  await seedProject({ slug, texts: ["one"], members: { annotator: "annotator" } });
  const { context, page } = await signedIn("lead");
  await loopbackOnly(context);

  // enctype=text/plain lets a form send a body that parses as JSON: the attack the audit used.
  const attack = `<!doctype html><form id="f" method="POST" enctype="text/plain" action="${own}/api/projects/${slug}/members">
    <input name='{"email":"annotator@e2e.test","role":"lead","x":"' value='"}'></form><script>document.getElementById("f").submit()</script>`;
  const evil: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attack));
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  try {
    const answer = page.waitForResponse((response) => response.url().endsWith(`/api/projects/${slug}/members`));
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    expect((await answer).status()).toBe(403);
  } finally {
    evil.close();
  }
  expect(await roleOf(slug, "annotator")).toBe("annotator");

  const api = page.request;
  const foreignOrigin = await api.post(`/api/projects/${slug}/members`, {
    data: { email: "annotator@e2e.test", role: "lead" },
    headers: { origin: "http://127.0.0.1:9" },
  });
  expect(foreignOrigin.status()).toBe(403);
  const formEncoded = await api.post(`/api/projects/${slug}/members`, { form: { email: "annotator@e2e.test", role: "lead" }, headers: { origin: own } });
  expect(formEncoded.status()).toBe(403);
  expect(await roleOf(slug, "annotator")).toBe("annotator");

  const sameOrigin = await api.post(`/api/projects/${slug}/members`, { data: { email: "annotator@e2e.test", role: "reviewer" }, headers: { origin: own } });
  expect(sameOrigin.status()).toBe(201);
  expect(await roleOf(slug, "annotator")).toBe("reviewer");
});

for (const callbackUrl of ["/\\evil.example", "/%09/evil.example", "/x/..//evil.example", "/%2e//evil.example"]) {
  test(`sign-in with callbackUrl ${callbackUrl} stays on the site`, async ({ page, context }) => {
    const blocked = await loopbackOnly(context);
    await page.goto(`/login?callbackUrl=${callbackUrl.replace("\\", "%5C")}`);
    await page.getByLabel("Email").fill("annotator@e2e.test");
    await page.getByLabel("Password").fill("annotator-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${own}/projects`);
    expect(blocked).toEqual([]);
  });
}

test("a JSON body past the limit is refused with 413, announced or streamed", async ({ signedIn }) => {
  const slug = uniqueSlug("size");
  await seedProject({ slug, texts: ["one"], members: { annotator: "annotator" } });
  const { page } = await signedIn("annotator");
  const threeMb = Buffer.alloc(3 * 1024 * 1024, " ");
  const announced = await page.request.post(`/api/projects/${slug}/annotations`, { data: threeMb, headers: { "content-type": "application/json" } });
  expect(announced.status()).toBe(413);

  // Chunked, with no content-length to refuse early on: the route stops reading at the limit.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const streamed = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: `/api/projects/${slug}/annotations`,
        method: "POST",
        headers: { cookie, "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, " ");
    for (let sent = 0; sent < 3 * 1024 * 1024; sent += chunk.length) req.write(chunk);
    req.end();
  });
  expect(streamed).toBe(413);
});

test("pages carry the security headers and render under their CSP without a violation", async ({ page, context }) => {
  const slug = uniqueSlug("csp");
  await seedProject({ slug, texts: ["a message to label"], members: { annotator: "annotator" } });
  await loopbackOnly(context);
  const violations = cspViolations(page);

  const login = await page.goto("/login");
  const headers = login!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).not.toContain("'unsafe-inline' 'nonce");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(await page.locator("script[nonce]").count()).toBeGreaterThan(0);
  expect(await page.locator("script:not([nonce])").count()).toBe(0);
  expect(nonce).not.toBe(/'nonce-([^']+)'/.exec((await page.request.get("/login")).headers()["content-security-policy"] ?? "")?.[1]);

  // Signing in needs the page's scripts: it works only if the CSP let them run.
  await signIn(page, "annotator");
  await page.goto(`/projects/${slug}/annotate`);
  await expect(page.getByTestId("item-text")).toHaveText("a message to label");
  await page.keyboard.press("1");
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  expect(violations).toEqual([]);
});

test("sign-out and the sign-in redirect land on the host the browser used, without NEXTAUTH_URL", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const blocked = await loopbackOnly(context);
  const page = await context.newPage();
  // Signing out ends every session of the account: an account of its own keeps the saved sign-ins alive.
  const email = `leaving-${uniqueSlug("host")}@e2e.test`;
  await createAccount({ email, name: "Leaving", password: "leaving passphrase" });
  await new AccountPage(page).signIn(email, "leaving passphrase");
  await page.waitForURL(`http://localhost:${port}/projects**`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`http://localhost:${port}/login**`);
  // Signed out, a page sends the browser to the login page on the same host too.
  await page.goto("/projects");
  await page.waitForURL(`http://localhost:${port}/login?callbackUrl=%2Fprojects`);
  expect(blocked).toEqual([]);
  await context.close();
});
