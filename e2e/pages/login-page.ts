import type { Browser, BrowserContext, Page } from "@playwright/test";
import { PEOPLE, type Person } from "../support/people";

export async function signIn(page: Page, person: Person): Promise<void> {
  const p = PEOPLE[person];
  await page.goto("/login");
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/projects**");
}

/** A separate browser context per person, as if each sat at their own machine. */
export async function contextFor(browser: Browser, person: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person);
  return { context, page };
}
