import { expect, type Page } from "@playwright/test";

/** The sign-in form with any credentials, and the change-password page. */
export class AccountPage {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string) {
    await this.page.goto("/login");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  get signInError() {
    return this.page.getByTestId("sign-in-error");
  }

  async changePassword(current: string, next: string) {
    const form = this.page.getByTestId("change-password-form");
    await form.getByLabel("Current password").fill(current);
    await form.getByLabel("New password", { exact: true }).fill(next);
    await form.getByLabel("New password again").fill(next);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(this.page).toHaveURL(/\/projects$/);
  }
}
