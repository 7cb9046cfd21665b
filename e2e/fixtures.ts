// The specs' `test`: Playwright's, plus `signedIn(person)`, which opens a context with the person's
// saved sign-in and closes it when the test ends. Specs about signing in use the login page itself
// (e2e/pages/login-page.ts, e2e/pages/account-page.ts).
import { test as base, type BrowserContext, type Page } from "@playwright/test";
import type { Person } from "./support/people";
import { openSavedSignIn } from "./support/saved-sign-ins";

export { expect } from "@playwright/test";

export const test = base.extend<{ signedIn: (person: Person) => Promise<{ context: BrowserContext; page: Page }> }>({
  // Playwright's `use`, named otherwise: the React hooks lint rule claims the name.
  signedIn: async ({ browser }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async (person) => {
      const session = await openSavedSignIn(browser, person);
      opened.push(session.context);
      return session;
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});
