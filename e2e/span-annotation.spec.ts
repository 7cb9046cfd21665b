import { expect, test } from "./fixtures";
import { SpanAnnotatePage } from "./pages/span-annotate-page";
import { projectBySlug, seedProject, uniqueSlug } from "./support/database";
import { labelsOf, seedSpanSuggestion, seedSpansProject, storedSpans } from "./support/span-projects";

const ENTITY_TYPES = [
  { name: "person", hotkey: "1", color: "#2563eb" },
  { name: "place", hotkey: "2", color: "#dc2626" },
];

test("an annotator marks entities with the keyboard and the mouse, is refused an overlap, and submits", async ({ signedIn }) => {
  const slug = uniqueSlug("spans");
  await seedSpansProject({
    slug,
    entityTypes: ENTITY_TYPES,
    texts: ["Ada Lovelace met Charles Babbage in London.", "Grace Hopper worked in Arlington."],
    members: { annotator: "annotator" },
  });
  const { page } = await signedIn("annotator");
  const annotate = new SpanAnnotatePage(page);
  await annotate.open(slug);
  const first = (await annotate.itemText.textContent()) ?? "";
  const onFirst = first.startsWith("Ada");
  // The queue may serve either item first; the steps below are for the first text.
  if (!onFirst) {
    await page.keyboard.press("Enter");
    await expect(annotate.itemText).toHaveText(/^Ada/);
  }

  // Keyboard: the cursor starts on "Ada"; Shift+→ takes "Lovelace" too; 1 marks a person.
  await expect(page.getByTestId("span-status")).toContainText("Cursor on “Ada”");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("span-status")).toContainText("selected “Ada Lovelace”");
  await page.keyboard.press("1");
  await expect(annotate.mark("person: Ada Lovelace")).toBeVisible();

  // → → to "Charles", Shift+→ over "Babbage", 1.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("1");
  await expect(annotate.mark("person: Charles Babbage")).toBeVisible();

  // Mouse: a drag over "met Char" snaps to "met Charles", which overlaps a person: refused, clearly.
  await annotate.drawOver("met Char");
  await expect(page.getByTestId("span-status")).toContainText("selected “met Charles”");
  await page.keyboard.press("2");
  await expect(annotate.refusal).toHaveText(
    'Span 13–24 "met Charles" (place) overlaps span 17–32 "Charles Babbage" (person); overlapping spans are off in this project, so shorten or remove one of them.',
  );

  // Mouse: a double-click on "London" selects it; the place button marks it.
  await annotate.doubleClick("London");
  await expect(page.getByTestId("span-status")).toContainText("selected “London”");
  await page.getByTestId("type-place").click();
  await expect(annotate.mark("place: London")).toBeVisible();
  await expect(annotate.refusal).toHaveCount(0);
  await expect(annotate.spanList.locator("tbody tr")).toHaveText([/person\s*Ada Lovelace\s*0–12/, /person\s*Charles Babbage\s*17–32/, /place\s*London\s*36–42/]);

  await page.keyboard.press("Enter");
  if (onFirst) await expect(annotate.itemText).toHaveText("Grace Hopper worked in Arlington.");
  else await expect(page.getByTestId("queue-empty")).toBeVisible();

  await expect
    .poll(async () => (await storedSpans(slug)).find((a) => a.spans && a.spans.length > 0)?.spans)
    .toEqual([
      { start: 0, end: 12, label: "person" },
      { start: 17, end: 32, label: "person" },
      { start: 36, end: 42, label: "place" },
    ]);
});

test("suggested spans are shown apart; y accepts one, Shift-extending from another changes its boundary", async ({ signedIn }) => {
  const slug = uniqueSlug("spans-suggested");
  const text = "Grace Hopper worked in Arlington.";
  await seedSpansProject({ slug, entityTypes: ENTITY_TYPES, texts: [text], members: { annotator: "annotator" } });
  await seedSpanSuggestion(slug, "item-1", [
    { start: 0, end: 12, label: "person" },
    { start: 23, end: 32, label: "place" },
  ]);
  const { page } = await signedIn("annotator");
  const annotate = new SpanAnnotatePage(page);
  await annotate.open(slug);
  await expect(annotate.mark("suggested person: Grace Hopper")).toBeVisible();
  await expect(annotate.mark("suggested place: Arlington")).toBeVisible();
  await expect(page.getByTestId("suggested-span-list").locator("tbody tr")).toHaveCount(2);

  // The cursor is on "Grace", inside the suggested person: y accepts it as it is.
  await expect(page.getByTestId("span-status")).toContainText("in suggested person");
  await page.keyboard.press("y");
  await expect(annotate.mark("person: Grace Hopper")).toBeVisible();

  // To "Arlington" (End is the final "."), then Shift+← from the suggestion moves its start onto "in".
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("span-status")).toContainText("Cursor on “Arlington” · in suggested place");
  await page.keyboard.press("Shift+ArrowLeft");
  await expect(page.getByTestId("span-status")).toContainText("selected “in Arlington”");
  await page.keyboard.press("2");
  await expect(annotate.mark("place: in Arlington")).toBeVisible();
  await expect(page.getByTestId("suggested-span-list")).toHaveCount(0);

  await page.keyboard.press("Enter");
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  await expect.poll(async () => (await storedSpans(slug))[0]).toMatchObject({
    spans: [
      { start: 0, end: 12, label: "person" },
      { start: 20, end: 32, label: "place" },
    ],
    suggestionAction: "changed",
    spanOutcomes: [
      { suggested: { start: 0, end: 12, label: "person" }, outcome: "accepted" },
      { suggested: { start: 23, end: 32, label: "place" }, outcome: "changed", final: { start: 20, end: 32, label: "place" } },
    ],
  });
});

test("a lead creates a spans project with entity types, an item label and overlapping spans on", async ({ signedIn }) => {
  // Only people who already lead a project may create one (the default site rule).
  await seedProject({ slug: uniqueSlug("earlier"), texts: ["earlier item"], members: {} });
  const slug = uniqueSlug("spans-created");
  const { page } = await signedIn("lead");
  await page.goto("/projects");
  const form = page.getByTestId("new-project-form");
  if (!(await form.isVisible())) await page.getByText("New project").click();
  await form.getByLabel("Name").fill("People and places");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Task").selectOption("spans");
  await form.getByLabel("Entity type 1 name").fill("person");
  await form.getByLabel("Entity type 2 name").fill("place");
  await form.getByTestId("add-entity-type").click();
  await form.getByLabel("Entity type 3 name").fill("date");
  await form.getByLabel("Entity type 3 hotkey").fill("d");
  await form.getByLabel("Item labels, comma-separated (optional)").fill("relevant");
  await form.getByLabel("Allow overlapping spans").check();
  await form.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(`**/projects/${slug}/settings`);

  const project = await projectBySlug(slug);
  expect(project?.taskType).toBe("spans");
  expect(project?.settings).toMatchObject({ spans: { characterLevel: false, allowOverlap: true } });
  expect((await labelsOf(slug)).map((l) => [l.name, l.kind, l.hotkey])).toEqual([
    ["person", "entity", "1"],
    ["place", "entity", "2"],
    ["date", "entity", "d"],
    ["relevant", "item", null],
  ]);
});

test("100,000-character items: prints the time per key press (no assertion on time)", async ({ signedIn }) => {
  test.setTimeout(180_000);
  const slug = uniqueSlug("spans-long");
  const words = ["Ada", "Lovelace", "met", "Charles", "Babbage", "in", "London,", "and", "they", "wrote", "notes."];
  // The same 100,000 characters twice: in paragraphs of about 600 characters (as real long texts
  // come), and as one paragraph without a line feed (the worst case for layout).
  let flat = "";
  for (let i = 0; flat.length < 100_000; i++) flat += `${words[i % words.length]} `;
  flat = flat.slice(0, 100_000);
  const paragraphs = flat.replace(/(.{600}\S*) /g, "$1\n");
  await seedSpansProject({ slug, entityTypes: ENTITY_TYPES, texts: [paragraphs, flat], members: { annotator: "annotator" } });
  const { page } = await signedIn("annotator");
  const annotate = new SpanAnnotatePage(page);
  await annotate.open(slug);

  for (let round = 0; round < 2; round++) {
    await expect(page.getByTestId("span-status")).toContainText("Cursor on “Ada”");
    const text = (await annotate.itemText.textContent()) ?? "";
    // Each press is dispatched in the page and timed until React has committed and the layout is
    // done (the cursor's highlight is placed and scrolled into view), then until the next frame.
    const timings = await page.evaluate(async () => {
      const yieldToTasks = () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        });
      const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const root = document.querySelector<HTMLElement>("[data-testid=item-text]")!;
      async function press(key: string, shiftKey = false) {
        const start = performance.now();
        window.dispatchEvent(new KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true }));
        await yieldToTasks();
        void root.getBoundingClientRect();
        const committed = performance.now() - start;
        await nextFrame();
        return { committed, frame: performance.now() - start };
      }
      const runs: Record<string, { committed: number; frame: number }[]> = { move: [], extend: [], mark: [] };
      for (let i = 0; i < 100; i++) runs.move!.push(await press("ArrowRight"));
      for (let i = 0; i < 100; i++) runs.extend!.push(await press("ArrowRight", true));
      for (let i = 0; i < 100; i++) {
        // Mark the token under the cursor, then step two tokens on (marks stay apart).
        runs.mark!.push(await press(i % 2 === 0 ? "1" : "2"));
        await press("ArrowRight");
        await press("ArrowRight");
      }
      return runs;
    });
    const percentile = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
    };
    for (const [action, runs] of Object.entries(timings)) {
      const committed = runs.map((r) => r.committed);
      const frame = runs.map((r) => r.frame);
      console.log(
        JSON.stringify({
          bench: "spans-keypress",
          chars: text.length,
          paragraphs: text.split("\n").length,
          action,
          presses: runs.length,
          committedP50Ms: percentile(committed, 50),
          committedP95Ms: percentile(committed, 95),
          nextFrameP50Ms: percentile(frame, 50),
          nextFrameP95Ms: percentile(frame, 95),
        }),
      );
    }
    // The first press marked the 101 tokens the Shift presses had selected; the other 99 one token each.
    await expect(annotate.spanList.locator("tbody tr")).toHaveCount(100);
    await page.keyboard.press("Enter");
    // The two items hold the same words (one in paragraphs, one flat), and toHaveText compares with
    // whitespace normalised, which cannot tell them apart: compare the raw text instead.
    if (round === 0) await expect.poll(async () => (await annotate.itemText.textContent()) === text, { timeout: 20_000 }).toBe(false);
  }
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  await expect.poll(async () => (await storedSpans(slug)).map((a) => a.spans?.length)).toEqual([100, 100]);
});
