import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { rankedQueueHead } from "@/db/queries/ranking";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { sharedModelsDir, TEST_MODEL_ID, writeTestModel } from "@/scripts/onnx/test-model-writer";
import { scoreProject } from "./score-command";

const TEXTS = ["Free entry to win a prize", "Lunch at noon?", "Claim your cash reward", "On my way home", "URGENT: call now to win", "See you tomorrow"];

let db: Db;
let close: () => void;
let projectId: string;
let modelsDir: string;
const sharedModels = existsSync(path.join(sharedModelsDir(), "Xenova/all-MiniLM-L6-v2/tokenizer.json"));

beforeAll(() => {
  modelsDir = mkdtempSync(path.join(tmpdir(), "goldset-score-models-"));
});
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ({ projectId } = await seedProject(db, {
    people: { lead: { role: "lead", name: "Lead" } },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
    items: TEXTS.map((text, i) => ({ externalId: `s${i}`, text })),
  }));
});
afterEach(() => close());

describe("scoreProject", () => {
  it("falls back to hashed features, and says why, when the encoder's files are missing", async () => {
    const logged: string[] = [];
    const summary = await scoreProject({ db, slug: "sms", modelsDir, allowRemoteModels: false, log: (text) => logged.push(text) });
    expect(summary.encoder.unavailable).toMatch(
      /^No embedding model could be loaded: .*Xenova\/all-MiniLM-L6-v2 does not exist or is empty, and this deployment does not allow remote models/,
    );
    expect(logged.join("")).toMatch(/Scoring with hashed word and character n-gram features instead/);
    expect(summary.retrain).toMatchObject({ version: 1, features: "hashed-ngrams", ranked: 6, coldStart: true });
    expect((await rankedQueueHead({ db, projectId, limit: 10 })).map((item) => item.queueRank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.skipIf(!sharedModels)(
    "embeds every item with the Node encoder when the model files exist, then ranks on the embeddings",
    async () => {
      await writeTestModel({ outDir: path.join(modelsDir, TEST_MODEL_ID) });
      await saveRankingSettings({ db, projectId, actorId: null, changes: { encoderModel: TEST_MODEL_ID } });
      const logged: string[] = [];
      const summary = await scoreProject({ db, slug: "sms", modelsDir, allowRemoteModels: false, batch: 4, log: (text) => logged.push(text) });
      expect(summary.encoder.source).toMatch(/\(local\)$/);
      expect(summary.embedded).toBe(6);
      expect(logged.join("")).toMatch(/\[#{30}\] 6\/6 items embedded/);
      expect(await embeddingCoverage({ db, projectId, modelId: TEST_MODEL_ID })).toMatchObject({ items: 6, embedded: 6 });
      expect(summary.retrain).toMatchObject({ features: `embeddings:${TEST_MODEL_ID}`, ranked: 6 });
    },
    120_000,
  );
});
