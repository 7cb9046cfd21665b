import { expect, type Page } from "@playwright/test";

export class AnnotatePage {
  constructor(readonly page: Page) {}

  async open(slug: string) {
    await this.page.goto(`/projects/${slug}/annotate`);
    await expect(this.itemText).toBeVisible();
  }

  get itemText() {
    return this.page.getByTestId("item-text");
  }

  get progress() {
    return this.page.getByTestId("progress");
  }

  async currentText(): Promise<string> {
    return (await this.itemText.textContent()) ?? "";
  }

  /** Presses a key and waits until a different item (or the empty queue) is on screen. */
  async pressAndAdvance(key: string) {
    const before = await this.currentText();
    await this.page.keyboard.press(key);
    await expect
      .poll(async () => ((await this.page.getByTestId("queue-empty").isVisible()) ? "<empty>" : await this.currentText()))
      .not.toBe(before);
  }

  /** The suggestion beside the label buttons; absent when the item has none or it is withheld. */
  get suggestion() {
    return this.page.getByTestId("suggestion");
  }

  async suggestedLabels(): Promise<string[]> {
    return this.suggestion.getByTestId("suggestion-label").allTextContents();
  }
}
