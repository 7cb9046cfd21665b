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

  /**
   * The item text on screen, or "<empty>" when none is (loading, paused, finished). Read in one
   * step in the page: asking "is the empty notice visible?" and then "what is the item text?" can
   * fall between two renders, and the second question then waits for an item that never comes.
   */
  async shownText(): Promise<string> {
    return this.page.evaluate(() => document.querySelector('[data-testid="item-text"]')?.textContent ?? "<empty>");
  }

  /** Presses a key and waits until a different item (or the empty queue) is on screen. */
  async pressAndAdvance(key: string) {
    await this.actAndAdvance(() => this.page.keyboard.press(key));
  }

  /** Does something that submits or skips the item on screen, then waits until it is gone. */
  async actAndAdvance(act: () => Promise<void>) {
    const before = await this.currentText();
    await act();
    await expect.poll(() => this.shownText()).not.toBe(before);
  }

  /** The suggestion beside the label buttons; absent when the item has none or it is withheld. */
  get suggestion() {
    return this.page.getByTestId("suggestion");
  }

  async suggestedLabels(): Promise<string[]> {
    return this.suggestion.getByTestId("suggestion-label").allTextContents();
  }
}
