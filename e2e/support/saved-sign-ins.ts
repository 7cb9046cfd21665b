// Each standard person signs in through the login page once per run (e2e/sign-ins.setup.ts); the
// specs open contexts with the cookies saved then. The files sit in the run's throwaway folder, so
// no run ever starts from another run's sessions.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { PEOPLE, type Person } from "./people";

export function savedSignInPath(person: Person): string {
  const runDir = process.env.GOLDSET_E2E_DIR;
  if (!runDir) throw new Error("GOLDSET_E2E_DIR is not set: run the specs through playwright.config.ts, which makes the run's folder.");
  return join(runDir, "sign-ins", `${person}.json`);
}

/**
 * A separate browser context per person, as if each sat at their own machine, already signed in.
 * Signing out, a password change or reset and deactivation end every session of an account, saved
 * ones too; the check here turns a spec that did that to a standard person into a clear failure
 * instead of a login page where the next spec expected its own.
 */
export async function openSavedSignIn(browser: Browser, person: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: savedSignInPath(person) });
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  if (session.user?.email !== PEOPLE[person].email) {
    await context.close();
    throw new Error(
      `The saved sign-in of "${person}" has ended: an earlier spec signed them out, changed or reset their password or ` +
        "deactivated them. Give that spec an account of its own (createAccount in e2e/support/database.ts).",
    );
  }
  return { context, page: await context.newPage() };
}
