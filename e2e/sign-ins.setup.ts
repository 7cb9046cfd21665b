// Runs before the specs (the "sign-ins" project in playwright.config.ts): every standard person
// signs in through the real login page once, and the specs reuse the saved cookies. One after
// another: side by side (measured) took longer on two cores, the password hashes competing.
import { test as setup } from "@playwright/test";
import { signIn } from "./pages/login-page";
import { PEOPLE, type Person } from "./support/people";
import { savedSignInPath } from "./support/saved-sign-ins";

for (const person of Object.keys(PEOPLE) as Person[]) {
  setup(`${person} signs in through the login page`, async ({ page }) => {
    await signIn(page, person);
    await page.context().storageState({ path: savedSignInPath(person) });
  });
}
