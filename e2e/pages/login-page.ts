import type { Page } from "@playwright/test";
import { PEOPLE, type Person } from "../support/people";

/** Signs a standard person in through the login page: for the saved sign-ins and the specs about signing in. */
export async function signIn(page: Page, person: Person): Promise<void> {
  const p = PEOPLE[person];
  await page.goto("/login");
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/projects**");
}
