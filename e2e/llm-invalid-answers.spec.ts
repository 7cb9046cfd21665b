import { expect, test } from "./fixtures";
import { randomBytes } from "node:crypto";
import { LlmPage } from "./pages/llm-page";
import { seedProject, storedLlmSuggestions, uniqueSlug } from "./support/database";
import { startOpenAITestServer, type OpenAITestServer } from "./support/openai-test-server";

const API_KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const TEXTS = ["Win a free cruise today", "Lunch at noon?", "See you at the station", "Free prize: win now", "Meeting moved to 3pm", "Call me later"];

let server: OpenAITestServer;
test.beforeAll(async () => {
  server = await startOpenAITestServer({ host: "127.0.0.1", port: 0, apiKey: API_KEY });
  // One bad answer each; once used up, the server answers these items properly.
  server.script({ item: "Win a free cruise", replies: [{ kind: "content", content: "Sure! This one is spam." }] });
  server.script({ item: "Lunch at noon", replies: [{ kind: "labels", labels: ["maybe"] }] });
  server.script({ item: "See you at the station", replies: [{ kind: "content", content: '{"labels": ["ham"' }] });
});
test.afterAll(async () => {
  await server.stop();
});

test("invalid answers are listed per run and retried alone; an empty run warns; a new prompt version is the one run", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const slug = uniqueSlug("llm-invalid");
  await seedProject({ slug, texts: TEXTS, members: {} });
  const { page } = await signedIn("lead");
  const llm = new LlmPage(page);
  await llm.open(slug);
  await llm.saveConnection({ baseUrl: server.url, model: "test-model", apiKey: API_KEY, maxConcurrency: 2 });
  expect(await llm.savePrompt()).toContain("Saved as prompt v1");

  const runs = page.getByTestId("llm-runs").locator("tbody tr[data-status]");
  const versionChoice = page.getByTestId("llm-run-prompt-version");
  await llm.startRun();
  const first = await llm.expectLatestRun("completed");
  await expect(first).toContainText("6 done of 6");
  // Failed, then invalid answers: 0 and 3.
  await expect(first.locator("td").nth(4)).toHaveText("0");
  await expect(first.locator("td").nth(5)).toContainText("3");
  await expect(versionChoice.locator("option")).toHaveText(["v1 · test-model · 3 without an answer"]);
  await expect(page.getByTestId("llm-prompt-versions").locator("tbody tr").first().locator("td").nth(5)).toHaveText("3");

  await first.getByTestId("llm-run-invalid-toggle").click();
  const invalid = page.getByTestId("llm-invalid-answer");
  await expect(invalid).toHaveCount(3);
  await expect(invalid.nth(0)).toHaveAttribute("data-item", "item-1");
  await expect(invalid.nth(0)).toContainText("Sure! This one is spam.");
  await expect(invalid.nth(1)).toHaveAttribute("data-item", "item-2");
  await expect(invalid.nth(1)).toContainText("a label outside the set");
  await expect(invalid.nth(1)).toContainText('"maybe"');
  await expect(invalid.nth(2)).toHaveAttribute("data-item", "item-3");
  await expect(invalid.nth(2)).toContainText('{"labels": ["ham"');

  await page.getByRole("button", { name: "Retry 3 items with prompt v1" }).click();
  await expect(runs).toHaveCount(2);
  const retry = await llm.expectLatestRun("completed");
  await expect(retry).toContainText("3 done of 3");
  await expect(retry).toContainText("v1 · test-model");
  await expect(retry).toContainText("retry of #");
  await expect(invalid.filter({ hasText: "answered since" })).toHaveCount(3);
  await expect(page.getByRole("button", { name: "All answered since" })).toBeDisabled();
  expect(Object.fromEntries(server.stats.requestsPerItem)).toEqual(Object.fromEntries(TEXTS.map((text, index) => [text, index < 3 ? 2 : 1])));
  const answers = await storedLlmSuggestions(slug);
  expect(new Set(answers.filter((answer) => answer.status === "ok").map((answer) => answer.externalId)).size).toBe(6);
  await expect(versionChoice.locator("option")).toHaveText(["v1 · test-model · 0 without an answer"]);

  // Every item has a valid answer for v1: starting again warns and records nothing.
  await llm.startRun();
  await expect(page.getByTestId("form-error")).toContainText("Nothing to ask: every item already has a valid answer for prompt v1.");
  await expect(runs).toHaveCount(2);

  // Save v2 and start at once: the run uses the version the selector shows.
  const system = page.getByTestId("llm-prompt-system");
  await system.fill(`${await system.inputValue()}\nAnswer briefly.`);
  expect(await llm.savePrompt()).toContain("Saved as prompt v2");
  await expect(versionChoice).toHaveValue("2");
  await llm.startRun();
  await expect(runs).toHaveCount(3);
  const third = await llm.expectLatestRun("completed");
  await expect(third).toContainText("v2 · test-model");
  await expect(third).toContainText("6 done of 6");
});
