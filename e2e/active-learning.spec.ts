import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { AnnotatePage } from "./pages/annotate-page";
import { classifierVersionsOf, embeddingCoverageOf, rankedQueueOf, seedProject, setRankingSettings, uniqueSlug } from "./support/database";
import { ensureTestModel } from "./support/test-model";

const SPAMMY = [
  "WIN a free cruise, call now",
  "Claim your cash prize today",
  "Free entry: txt WIN to 80082",
  "URGENT! You won a holiday",
  "Your mobile won £1000, reply YES",
  "Cheap loans, no credit check",
];
const HAMMY = [
  "Lunch at noon?",
  "See you at the station",
  "Running late, start without me",
  "Can you buy milk",
  "Meeting moved to 3pm",
  "Happy birthday mate!",
];
const TEXTS = Array.from({ length: 24 }, (_, i) => `${(i % 2 === 0 ? SPAMMY : HAMMY)[Math.floor(i / 2) % 6]} (${i + 1})`);
const textOf = (externalId: string) => TEXTS[Number(externalId.replace("item-", "")) - 1];

// Retrain after every 4 labels; no exploration or boosts, so the queue is exactly the score order.
const RANKING = { retrainEvery: 4, minPerClass: 2, explorationShare: 0, rareClassBoost: 0, disagreementBoost: 0 };

async function waitForVersion(slug: string, version: number) {
  await expect.poll(async () => (await classifierVersionsOf(slug))[0]?.version ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(version);
  return (await classifierVersionsOf(slug)).find((v) => v.version === version)!;
}

async function modelSection(page: Page, slug: string) {
  await page.goto(`/projects/${slug}/insights`);
  const section = page.getByTestId("model-section");
  await expect(section).toBeVisible();
  return section;
}

test("the browser embeds items with the model the app serves, and after labels the queue follows the new scores", async ({ browser, signedIn }) => {
  test.setTimeout(180_000);
  const model = await ensureTestModel();
  if (model.skip !== null) console.log(`skipping: ${model.skip}`);
  test.skip(model.skip !== null, model.skip ?? "");
  const modelId = model.modelId!;
  const slug = uniqueSlug("al");
  await seedProject({ slug, overlap: 2, texts: TEXTS, members: { annotator: "annotator", annotator2: "annotator" } });
  await setRankingSettings(slug, { ...RANKING, encoderModel: modelId });

  const first = await signedIn("annotator");
  const annotate = new AnnotatePage(first.page);
  await annotate.open(slug);
  expect(await first.page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The app serves the model folder to signed-in users only, and nothing outside it.
  const config = await first.page.request.get(`/models/${modelId}/config.json`);
  expect(config.status()).toBe(200);
  expect(config.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
  expect((await first.page.request.get(`/models/${modelId}/..%2F..%2F..%2Fpackage.json`)).status()).toBe(404);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`/models/${modelId}/config.json`)).status()).toBe(401);
  await anonymous.close();

  // The worker loads the model from the app, with WebAssembly threads, and every item gets an embedding.
  const status = first.page.getByTestId("embedding-status");
  await expect(status).toContainText(`loaded from /models/${modelId} (local)`, { timeout: 60_000 });
  const cores = await first.page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) await expect(status).toContainText(/[2-9] threads \(cross-origin isolated\)/);
  await expect(status).toContainText("24 of 24 project items embedded", { timeout: 60_000 });
  expect(await embeddingCoverageOf(slug, modelId)).toMatchObject({ items: 24, embedded: 24 });

  // All embedded: the queue is re-ranked on the embeddings, by diversity while no label has examples.
  const onEmbeddings = await waitForVersion(slug, 1);
  expect(onEmbeddings).toMatchObject({ features: `embeddings:${modelId}`, trainedOn: 0 });
  expect(onEmbeddings.metrics).toMatchObject({ trigger: "embeddings", coldStart: true });

  // Four labels, two per label: the retrain trains a classifier and ranks by margin.
  for (const key of ["2", "1", "2", "1"]) await annotate.pressAndAdvance(key);
  const trained = await waitForVersion(slug, 2);
  expect(trained).toMatchObject({ features: `embeddings:${modelId}`, strategy: "margin", trainedOn: 4 });
  expect(trained.metrics).toMatchObject({ trigger: "labels", coldStart: false, labelSubmissions: 4 });

  // The four labelled items are cross-fitted: one whose other folds hold no model yet (which
  // depends on how the item ids fall into folds) carries no score, and so no model suggestion,
  // rather than one from a model that saw its label. Every other open item is scored, and the
  // queue follows the scores.
  const queue = await rankedQueueOf(slug, 24);
  const scored = queue.filter((item) => typeof item.score === "number");
  expect(queue.length - scored.length).toBeLessThanOrEqual(4);
  expect(scored.length).toBeGreaterThanOrEqual(20);
  const scores = scored.map((item) => item.score!);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // A second annotator (overlap 2, no leases yet) is served the items in that order.
  const second = await signedIn("annotator2");
  const secondView = new AnnotatePage(second.page);
  await secondView.open(slug);
  await expect(second.page.getByTestId("embedding-status")).toHaveAttribute("data-state", "complete");
  for (const item of queue.slice(0, 3)) {
    await expect(secondView.itemText).toHaveText(textOf(item.externalId)!);
    if (item !== queue[2]) await secondView.pressAndAdvance("1");
  }

  // The lead sees the encoder, where it loaded from, the version, and why an item sits where it does.
  const lead = await signedIn("lead");
  const section = await modelSection(lead.page, slug);
  await expect(section.getByTestId("model-encoder-report")).toContainText(`loaded from /models/${modelId} (local)`);
  await expect(section.getByTestId("model-embedded")).toHaveText("24 of 24");
  await expect(section.getByTestId("model-version")).toContainText("v2");
  await expect(section.getByTestId("model-features")).toContainText(`sentence embeddings from ${modelId}`);
  await expect(section.getByTestId("model-accuracy")).toContainText("not estimated: 4 resolved item(s)");
  await expect(section.getByTestId("model-strategy")).toContainText("margin");
  // An item still in the queue: the first two served to the second annotator may now have both of
  // their annotations (when the first annotator labelled them too), and a closed item's explanation
  // says so instead of giving its score.
  const explained = scored.find((item) => item !== queue[0] && item !== queue[1])!;
  await section.getByTestId("explain-item-ref").fill(`#${explained.externalId}`);
  await section.getByRole("button", { name: "Explain" }).click();
  const explanation = section.getByTestId("item-explanation");
  await expect(explanation).toContainText(/Score \d\.\d{3} = margin uncertainty \d\.\d{3}/);
  await expect(section.getByTestId("item-explanation-score")).toHaveText(explained.score!.toFixed(3));

  // The lead sees who embedded the items, and can discard one author's vectors so others redo them.
  await first.context.close();
  await second.context.close();
  const author = section.getByTestId("embedding-author");
  await expect(author).toHaveCount(1);
  await expect(author.locator("td").nth(1)).toHaveText("24");
  await expect(author.locator("td").nth(2)).toHaveText("none");
  await author.getByTestId("discard-embeddings").click();
  await author.getByTestId("discard-embeddings-confirm").click();
  await expect(section.getByTestId("discard-result")).toContainText("Discarded 24 embedding(s)");
  expect(await embeddingCoverageOf(slug, modelId)).toMatchObject({ items: 24, embedded: 0 });
  await lead.context.close();
});

test("without the model files the hashed n-gram fallback takes over, and the UI says so", async ({ signedIn }) => {
  test.setTimeout(90_000);
  const slug = uniqueSlug("al-fallback");
  await seedProject({ slug, texts: TEXTS.slice(0, 12), members: { annotator: "annotator" } });
  await setRankingSettings(slug, { ...RANKING, encoderModel: "goldset-test/absent-model" });

  const annotator = await signedIn("annotator");
  const annotate = new AnnotatePage(annotator.page);
  await annotate.open(slug);
  const status = annotator.page.getByTestId("embedding-status");
  await expect(status).toHaveAttribute("data-state", "failed", { timeout: 30_000 });
  // The annotator can do nothing about the server's model files: one quiet line, no instructions.
  await expect(status).toHaveText("Items are ordered with a simpler text model for now; nothing changes for your labels.");

  for (const key of ["2", "1", "2", "1"]) await annotate.pressAndAdvance(key);
  const version = await waitForVersion(slug, 1);
  expect(version).toMatchObject({ features: "hashed-ngrams", strategy: "margin", trainedOn: 4 });
  expect((await embeddingCoverageOf(slug, "goldset-test/absent-model")).embedded).toBe(0);
  await annotator.context.close();

  const { page } = await signedIn("lead");
  // The lead can put the files in place, so the lead's annotate page says what is missing and where.
  await page.goto(`/projects/${slug}/annotate`);
  const leadStatus = page.getByTestId("embedding-status");
  await expect(leadStatus).toHaveAttribute("data-state", "failed", { timeout: 30_000 });
  await expect(leadStatus).toContainText("No encoder could be loaded; hashed n-gram fallback in use.");
  await expect(leadStatus).toContainText("goldset-test/absent-model does not exist or is empty");
  await expect(leadStatus).toContainText("GOLDSET_MODELS_DIR/goldset-test/absent-model/");
  const section = await modelSection(page, slug);
  await expect(section.getByTestId("model-encoder-report")).toContainText("Could not be loaded: No embedding model could be loaded");
  await expect(section.getByTestId("model-encoder-report")).toContainText("Hashed n-gram features are used instead.");
  await expect(section.getByTestId("model-features")).toContainText(
    "hashed word and character n-grams (fallback: no item is embedded with goldset-test/absent-model yet)",
  );
  await expect(section.getByTestId("model-embedded")).toHaveText("0 of 12");

  // The lead switches the strategy: the settings are saved and the queue is re-ranked with it.
  const settings = section.getByTestId("ranking-settings");
  await settings.getByLabel("Strategy").selectOption("entropy");
  await settings.getByRole("button", { name: "Save ranking settings" }).click();
  await expect(section.getByText("Saved; the queue is being re-ranked.")).toBeVisible();
  const reranked = await waitForVersion(slug, 2);
  expect(reranked).toMatchObject({ strategy: "entropy", features: "hashed-ngrams" });
  expect(reranked.metrics).toMatchObject({ trigger: "settings" });
  await expect(section.getByTestId("model-strategy")).toContainText("entropy", { timeout: 20_000 });
});
