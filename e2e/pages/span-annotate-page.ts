import { expect, type Page } from "@playwright/test";

/** The annotate page of a spans project (components/annotate/spans/). */
export class SpanAnnotatePage {
  constructor(readonly page: Page) {}

  async open(slug: string) {
    await this.page.goto(`/projects/${slug}/annotate`);
    await expect(this.itemText).toBeVisible();
  }

  get itemText() {
    return this.page.getByTestId("item-text");
  }

  /** A marked span by its accessible name, "person: Ada Lovelace". */
  mark(name: string) {
    return this.itemText.getByLabel(name, { exact: true });
  }

  get spanList() {
    return this.page.getByTestId("span-list");
  }

  get refusal() {
    return this.page.getByTestId("span-refusal");
  }

  /** The screen box of the `occurrence`-th appearance of `words` in the item text. */
  async boxOf(words: string, occurrence = 0): Promise<{ left: number; right: number; y: number }> {
    const box = await this.itemText.evaluate(
      (root, [wanted, nth]) => {
        const text = root.textContent ?? "";
        let at = -1;
        for (let i = 0; i <= (nth as number); i++) at = text.indexOf(wanted as string, at + 1);
        if (at < 0) throw new Error(`"${wanted}" is not in the item text`);
        // Find the text nodes holding the first and last character of the words.
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let seen = 0;
        const end = at + (wanted as string).length;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent!.length;
          if (at >= seen && at < seen + length) range.setStart(node, at - seen);
          if (end > seen && end <= seen + length) range.setEnd(node, end - seen);
          seen += length;
        }
        const rect = range.getBoundingClientRect();
        return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
      },
      [words, occurrence] as const,
    );
    return box;
  }

  /** Drags the mouse over `words`, from just inside their first character to just inside their last. */
  async drawOver(words: string) {
    const box = await this.boxOf(words);
    await this.page.mouse.move(box.left + 2, box.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.right - 2, box.y, { steps: 5 });
    await this.page.mouse.up();
  }

  async doubleClick(word: string) {
    const box = await this.boxOf(word);
    await this.page.mouse.dblclick((box.left + box.right) / 2, box.y);
  }
}
