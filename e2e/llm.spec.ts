import { expect, test } from "./fixtures";
import { randomBytes } from "node:crypto";
import { AnnotatePage } from "./pages/annotate-page";
import { LlmPage } from "./pages/llm-page";
import { projectBySlug, seedProject, setSuggestionSettings, storedAnnotations, storedLlmSuggestions, uniqueSlug } from "./support/database";
import { startOpenAITestServer, type OpenAITestServer } from "./support/openai-test-server";
import { anchoringDraw } from "@/lib/annotate/anchoring";

// A key no page or response may ever contain; the test server refuses requests without it.
const API_KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const TEXTS = [
  "Win a free cruise today",
  "Lunch at noon?",
  "You win free concert tickets",
  "See you at the station",
  "Free prize: win now",
  "Meeting moved to 3pm",
];

let server: OpenAITestServer;
test.beforeAll(async () => {
  server = await startOpenAITestServer({ host: "127.0.0.1", port: 0, apiKey: API_KEY, delayMs: 50 });
});
test.afterAll(async () => {
  await server.stop();
});

test("a lead pre-labels from the UI; an annotator accepts, overrides and rejects suggestions by keyboard; a withheld one stays hidden", async ({
  signedIn,
}) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("llm");
  await seedProject({ slug, texts: TEXTS, members: { annotator: "annotator" }, guidelines: "Spam is unsolicited advertising or prize offers." });
  const { page } = await signedIn("lead");
  const leadBodies: string[] = [];
  page.on("response", (response) => {
    void response.text().then(
      (body) => leadBodies.push(body),
      () => undefined,
    );
  });

  // Not the annotate page: opening it would lease items to the lead, away from the annotator.
  await page.goto(`/projects/${slug}/settings`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "LLM" }).click();
  const llm = new LlmPage(page);
  await expect(llm.connectionForm).toBeVisible();
  await llm.saveConnection({ baseUrl: server.url, model: "test-model", apiKey: API_KEY, maxConcurrency: 2 });
  await expect(page.getByTestId("llm-api-key-status")).toContainText(`sk-…${API_KEY.slice(-4)}`);
  await expect(page.getByTestId("llm-api-key")).toHaveValue("");
  expect(await llm.savePrompt()).toContain("Saved as prompt v1");

  await llm.startRun();
  const run = await llm.expectLatestRun("completed");
  await expect(run).toContainText("6 done of 6");
  expect(new Set(server.stats.authorizationHeaders)).toEqual(new Set([`Bearer ${API_KEY}`]));
  const answers = await storedLlmSuggestions(slug);
  expect(answers.map((answer) => answer.status)).toEqual(TEXTS.map(() => "ok"));
  const answerOf = new Map(answers.map((answer) => [answer.externalId, answer]));

  // Withhold exactly one item's suggestion: the share falls between the two lowest draws.
  const project = (await projectBySlug(slug))!;
  const draws = answers.map((answer) => ({ externalId: answer.externalId, draw: anchoringDraw(project.id, answer.itemId) })).sort((a, b) => a.draw - b.draw);
  await setSuggestionSettings(slug, { anchoringShare: (draws[0]!.draw + draws[1]!.draw) / 2 });
  const withheldId = draws[0]!.externalId;

  const annotator = await signedIn("annotator");
  const queueAnswers: { items: { externalId: string; suggestion: unknown }[] }[] = [];
  annotator.page.on("response", (response) => {
    if (response.url().endsWith(`/api/projects/${slug}/queue`))
      void response.json().then(
        (body) => queueAnswers.push(body),
        () => undefined,
      );
  });
  const annotate = new AnnotatePage(annotator.page);
  await annotate.open(slug);
  const plan = ["accepted", "changed", "rejected", "accepted", "accepted"] as const;
  const expected = new Map<string, (typeof plan)[number] | "withheld">();
  let shown = 0;
  for (let step = 0; step < TEXTS.length; step++) {
    const externalId = `item-${TEXTS.indexOf(await annotate.currentText()) + 1}`;
    if (externalId === withheldId) {
      await expect(annotate.suggestion).toHaveCount(0);
      expected.set(externalId, "withheld");
      await annotate.pressAndAdvance("1");
      continue;
    }
    await expect(annotate.suggestion.getByTestId("suggestion-source")).toHaveText("LLM · test-model · prompt v1");
    const suggested = await annotate.suggestedLabels();
    expect(suggested).toEqual(answerOf.get(externalId)?.labels);
    // Nothing is pre-selected: the label buttons are as they are without a suggestion.
    await expect(annotator.page.locator(".label-button.chosen")).toHaveCount(0);
    const other = suggested[0] === "spam" ? "1" : "2";
    const action = plan[shown]!;
    expected.set(externalId, action);
    if (action === "accepted") {
      if (shown === 0) {
        await annotator.page.keyboard.press("r");
        await expect(annotate.suggestion.getByTestId("suggestion-rationale")).not.toBeEmpty();
        // An undone item comes back with its suggestion, so the new label records it too.
        await annotate.pressAndAdvance("a");
        await annotator.page.keyboard.press("u");
        await expect(annotate.itemText).toHaveText(TEXTS[Number(externalId.slice(5)) - 1]!);
        await expect(annotate.suggestion).toHaveAttribute("data-suggestion-id", String(answerOf.get(externalId)!.id));
      }
      await annotate.pressAndAdvance("a");
    } else if (action === "changed") {
      await annotate.pressAndAdvance(other);
    } else {
      await annotator.page.keyboard.press("x");
      await expect(annotate.suggestion.getByTestId("suggestion-rejected")).toBeVisible();
      await annotate.pressAndAdvance(other);
    }
    shown++;
  }
  await expect(annotator.page.getByTestId("queue-empty")).toBeVisible();
  // The view moves on before its last submission lands: wait for the database to hold them all.
  await expect.poll(async () => new Set((await storedAnnotations(slug)).filter((a) => a.kind === "label").map((a) => a.externalId)).size).toBe(TEXTS.length);

  const stored = await storedAnnotations(slug);
  for (const [externalId, what] of expected) {
    // The current label: the last row for the item (an undo leaves a retraction and a new label).
    const annotation = stored.filter((a) => a.externalId === externalId && a.kind === "label").at(-1);
    expect(annotation?.suggestionId, externalId).toBe(answerOf.get(externalId)?.id);
    if (what === "withheld") expect(annotation).toMatchObject({ suggestionShown: false, suggestionAction: "none" });
    else expect(annotation).toMatchObject({ suggestionShown: true, suggestionAction: what });
  }
  // The withheld suggestion reached the browser as its id alone: nothing to show, nothing to leak.
  const sentForWithheld = queueAnswers.flatMap((body) => body.items).filter((item) => item.externalId === withheldId);
  expect(sentForWithheld.length).toBeGreaterThan(0);
  for (const item of sentForWithheld) expect(item.suggestion).toEqual({ withheld: true, id: answerOf.get(withheldId)!.id });
  expect(await annotator.page.content()).not.toContain(API_KEY);
  await annotator.context.close();

  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Insights" }).click();
  const insights = page.getByTestId("llm-insights");
  await expect(insights.getByTestId("llm-acceptance")).toContainText("of 5");
  await expect(insights.getByTestId("llm-run-usage")).toContainText("#");
  expect(await page.content()).not.toContain(API_KEY);

  // The key is in no API answer and no page the lead was sent.
  for (const path of ["llm/connection", "llm/prompts", "llm/runs", "llm/settings", "settings"]) {
    const response = await page.request.get(`/api/projects/${slug}/${path}`);
    expect(response.ok(), path).toBe(true);
    expect(await response.text(), path).not.toContain(API_KEY);
  }
  await page.goto(`/projects/${slug}/llm`);
  await expect(page.getByTestId("llm-runs")).toBeVisible();
  expect(await page.content()).not.toContain(API_KEY);

  // External predictions: a file naming an unknown item is refused whole, with its line.
  const predictions = page.getByTestId("llm-predictions-form");
  await predictions.getByTestId("llm-predictions-file").setInputFiles({
    name: "predictions.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from('{"item":"item-1","label":"spam","score":0.8,"model":"nb","model_version":"7"}\n{"item":"nope","label":"ham"}\n'),
  });
  await predictions.getByRole("button", { name: "Import predictions" }).click();
  await expect(page.getByTestId("form-error")).toContainText('line 2: item "nope" is not in the project');
  await predictions.getByTestId("llm-predictions-file").setInputFiles({
    name: "predictions.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("item,label,score,model,model_version\nitem-1,spam,0.8,nb,7\n"),
  });
  await predictions.getByRole("button", { name: "Import predictions" }).click();
  await expect(page.getByTestId("llm-predictions-result")).toHaveText("1 new, 0 already present.");

  expect(leadBodies.length).toBeGreaterThan(5);
  expect(leadBodies.filter((body) => body.includes(API_KEY))).toEqual([]);
});
