import { expect, type Page } from "@playwright/test";

/** The lead's LLM page: connection, prompt versions, runs. */
export class LlmPage {
  constructor(readonly page: Page) {}

  async open(slug: string) {
    await this.page.goto(`/projects/${slug}/llm`);
    await expect(this.connectionForm.getByLabel("Base URL (OpenAI-compatible, up to /v1)")).toBeVisible();
  }

  get connectionForm() {
    return this.page.getByTestId("llm-connection-form");
  }

  async saveConnection({ baseUrl, model, apiKey, maxConcurrency }: { baseUrl: string; model: string; apiKey: string; maxConcurrency: number }) {
    const form = this.connectionForm;
    await form.getByLabel("Base URL (OpenAI-compatible, up to /v1)").fill(baseUrl);
    await form.getByLabel("Model").fill(model);
    await form.getByTestId("llm-api-key").fill(apiKey);
    await form.getByLabel("Max concurrent requests").fill(String(maxConcurrency));
    await form.getByRole("button", { name: "Save connection" }).click();
    await expect(this.page.getByTestId("llm-connection-saved")).toBeVisible();
  }

  /** Saves the prompt form and returns the confirmation of this save (not the one a previous save left on screen). */
  async savePrompt(): Promise<string> {
    const saved = this.page.getByTestId("llm-prompt-saved");
    const before = (await saved.isVisible()) ? ((await saved.textContent()) ?? "") : null;
    await this.page.getByTestId("llm-prompt-form").getByRole("button", { name: "Save as new version" }).click();
    if (before === null) await expect(saved).toBeVisible();
    else await expect(saved).not.toHaveText(before);
    return (await saved.textContent()) ?? "";
  }

  async startRun() {
    await this.page.getByTestId("llm-start-run-form").getByRole("button", { name: "Start pre-labelling" }).click();
  }

  /** The newest run's row, once it has reached `status`. */
  async expectLatestRun(status: string, timeout = 30_000) {
    const row = this.page.getByTestId("llm-runs").locator("tbody tr").first();
    await expect(row).toHaveAttribute("data-status", status, { timeout });
    return row;
  }
}
