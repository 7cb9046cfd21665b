import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { LlmPage } from "./pages/llm-page";
import { SpanAnnotatePage } from "./pages/span-annotate-page";
import { setSuggestionSettings, storedLlmSuggestions, uniqueSlug } from "./support/database";
import { startOpenAITestServer, type OpenAITestServer } from "./support/openai-test-server";
import { seedSpansProject, storedSpans } from "./support/span-projects";

// A key no page may ever show; the test server refuses requests without it.
const API_KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const TEXT = "Grace Hopper worked in Arlington.";

let server: OpenAITestServer;
test.beforeAll(async () => {
  server = await startOpenAITestServer({ host: "127.0.0.1", port: 0, apiKey: API_KEY });
  // The model answers with quotes: two it can place, and one ("Paris") that is not in the text.
  server.script({
    item: TEXT,
    replies: [
      {
        kind: "content",
        content: JSON.stringify({
          entities: [
            { text: "Grace Hopper", type: "person" },
            { text: "Arlington", type: "place" },
            { text: "Paris", type: "place" },
          ],
        }),
      },
    ],
  });
});
test.afterAll(async () => {
  await server.stop();
});

test("a lead pre-labels a spans project; the annotator sees the suggested spans and accepts them all with a", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("spans-llm");
  await seedSpansProject({
    slug,
    entityTypes: [
      { name: "person", hotkey: "1", color: "#2563eb" },
      { name: "place", hotkey: "2", color: "#dc2626" },
    ],
    itemLabels: [{ name: "urgent", hotkey: null }],
    texts: [TEXT],
    members: { annotator: "annotator" },
  });

  const { page } = await signedIn("lead");
  const llm = new LlmPage(page);
  await llm.open(slug);
  await expect(page.getByTestId("llm-prompt-placeholders")).toContainText("This project marks entities");
  await expect(page.getByTestId("llm-prompt-system")).toHaveValue(/You mark named entities/);
  await llm.saveConnection({ baseUrl: server.url, model: "test-model", apiKey: API_KEY, maxConcurrency: 1 });
  expect(await llm.savePrompt()).toContain("Saved as prompt v1");
  // The version's system message as the model receives it: the entity types, never the item label.
  await page.getByTestId("llm-prompt-versions").getByRole("button", { name: "show" }).click();
  const preview = page.getByTestId("llm-prompt-preview");
  await expect(preview).toContainText("Entity types:\n- person\n- place\n");
  await expect(preview).not.toContainText("urgent");

  await llm.startRun();
  const run = await llm.expectLatestRun("completed");
  await expect(run).toContainText("1 done of 1");
  const [answer] = await storedLlmSuggestions(slug);
  expect(answer).toMatchObject({
    externalId: "item-1",
    status: "ok",
    spans: [
      { start: 0, end: 12, label: "person" },
      { start: 23, end: 32, label: "place" },
    ],
    unplacedQuotes: [{ text: "Paris", label: "place", reason: '"Paris" does not occur in the text.' }],
  });

  // No anchoring control here: the suggestion is shown.
  await setSuggestionSettings(slug, { anchoringShare: 0 });
  const annotator = await signedIn("annotator");
  const annotate = new SpanAnnotatePage(annotator.page);
  await annotate.open(slug);
  await expect(annotate.mark("suggested person: Grace Hopper")).toBeVisible();
  await expect(annotate.mark("suggested place: Arlington")).toBeVisible();
  await expect(annotator.page.getByTestId("suggested-span-list").locator("tbody tr")).toHaveCount(2);

  await annotator.page.keyboard.press("a");
  await expect(annotate.mark("person: Grace Hopper")).toBeVisible();
  await expect(annotate.mark("place: Arlington")).toBeVisible();
  await annotator.page.keyboard.press("Enter");
  await expect(annotator.page.getByTestId("queue-empty")).toBeVisible();
  await expect.poll(async () => (await storedSpans(slug))[0]).toMatchObject({
    spans: [
      { start: 0, end: 12, label: "person" },
      { start: 23, end: 32, label: "place" },
    ],
    suggestionAction: "accepted",
    spanOutcomes: [
      { suggested: { start: 0, end: 12, label: "person" }, outcome: "accepted" },
      { suggested: { start: 23, end: 32, label: "place" }, outcome: "accepted" },
    ],
  });
});
