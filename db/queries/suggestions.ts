// Suggestions as annotators see them, and imported predictions. LLM answers are written by the
// pre-labelling store (prelabel-store.ts); model predictions live in item_scores (written by the
// active-learning side) and become suggestion rows the first time an annotator is shown one, so an
// annotation can name the exact prediction it saw.
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { importBatches, itemResolutions, items, itemScores, suggestions } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { recordAudit } from "./audit";
import { liveClassifierVersion } from "./live-ranking";
import { exampleTextsByVersion } from "./llm-prompts";
import { GoldsetError, type Problem } from "@/lib/errors";
import type { SuggestionRecord } from "@/lib/annotate/suggestion-view";
import type { PredictionRow } from "@/lib/import/prediction-rows";
import { lookupChunks } from "./lookup-chunks";

/** The model name of predictions from the project's own classifier. */
export const PROJECT_CLASSIFIER = "goldset-classifier";

const recordColumns = {
  id: suggestions.id,
  itemId: suggestions.itemId,
  sourceKind: suggestions.sourceKind,
  modelName: suggestions.modelName,
  modelVersion: suggestions.modelVersion,
  promptVersion: suggestions.promptVersion,
  labels: suggestions.labels,
  spans: suggestions.spans,
  confidence: suggestions.confidence,
  rationale: suggestions.rationale,
};


/**
 * The latest usable LLM or imported suggestion of each item that has one. An LLM answer from a
 * prompt version whose few-shot examples hold the item's own text is not usable: the example
 * carries the item's settled label, so the answer replays another person's label. Runs no longer
 * ask such items (prelabel-store.ts); this keeps answers stored before that from being shown.
 */
async function latestExternalSuggestions(db: Executor, projectId: string, itemIds: number[]): Promise<Map<number, SuggestionRecord>> {
  const found = new Map<number, SuggestionRecord>();
  const exampleTexts = await exampleTextsByVersion({ db, projectId });
  const fromOwnExample = (row: { sourceKind: string; promptVersion: number | null; text: string }) =>
    row.sourceKind === "llm" && row.promptVersion !== null && exampleTexts.get(row.promptVersion)?.has(row.text) === true;
  for (const ids of lookupChunks(itemIds)) {
    const rows = await db
      .select({ ...recordColumns, text: items.text })
      .from(suggestions)
      .innerJoin(items, eq(items.id, suggestions.itemId))
      .where(
        and(
          eq(suggestions.projectId, projectId),
          inArray(suggestions.itemId, ids),
          inArray(suggestions.sourceKind, ["llm", "import"]),
          eq(suggestions.status, "ok"),
        ),
      )
      .orderBy(desc(suggestions.id));
    for (const { text, ...row } of rows) {
      if (!found.has(row.itemId) && !fromOwnExample({ ...row, text })) found.set(row.itemId, row);
    }
  }
  return found;
}

/**
 * Whether a score may be shown on its item. The full model trained on every item with a settled
 * label, so its score on such an item hands that label back; only a cross-fitted score (from a
 * model trained without the item's labels) may be shown there. Scores written before cross-fitting
 * have no `outOfFold` and stay live until the next retrain, so they are held back too. An item
 * settled since the retrain is held back as well until the next one: a score does not record
 * whether the model saw the item's label.
 */
function independentOfItemLabels(score: { reason: Record<string, unknown> }, method: string | null): boolean {
  return score.reason.outOfFold === true || method === null || method === "unresolved";
}

/** The live classifier version's prediction for each item, as a suggestion row (created on first use). */
async function modelSuggestions(tx: Tx, projectId: string, itemIds: number[]): Promise<Map<number, SuggestionRecord>> {
  const found = new Map<number, SuggestionRecord>();
  if (itemIds.length === 0) return found;
  const scores = (
    await tx
      .select({ score: itemScores, method: itemResolutions.method })
      .from(itemScores)
      .leftJoin(itemResolutions, eq(itemResolutions.itemId, itemScores.itemId))
      .where(and(eq(itemScores.classifierVersion, liveClassifierVersion(projectId)), eq(itemScores.projectId, projectId), inArray(itemScores.itemId, itemIds)))
  )
    .filter((row) => independentOfItemLabels(row.score, row.method))
    .map((row) => row.score);
  for (const score of scores) {
    const modelVersion = `v${score.classifierVersion}`;
    const existing = (
      await tx
        .select(recordColumns)
        .from(suggestions)
        .where(
          and(
            eq(suggestions.itemId, score.itemId),
            eq(suggestions.sourceKind, "model"),
            eq(suggestions.modelName, PROJECT_CLASSIFIER),
            eq(suggestions.modelVersion, modelVersion),
          ),
        )
        .orderBy(desc(suggestions.id))
        .limit(1)
    )[0];
    if (existing) {
      found.set(score.itemId, existing);
      continue;
    }
    const created = (
      await tx
        .insert(suggestions)
        .values({
          projectId,
          itemId: score.itemId,
          sourceKind: "model",
          modelName: PROJECT_CLASSIFIER,
          modelVersion,
          parameters: { score: score.score, reason: score.reason },
          labels: score.predicted,
          confidence: score.confidence,
          status: "ok",
          createdAt: new Date(),
        })
        .returning(recordColumns)
    )[0]!;
    found.set(score.itemId, created);
  }
  return found;
}

/**
 * The suggestion each item would show an annotator: the latest LLM or imported one when those are
 * on, else the classifier's prediction when model suggestions are on.
 */
export async function currentSuggestions({
  db,
  projectId,
  itemIds,
  llmSuggestions,
  modelSuggestions: includeModel,
}: {
  db: Db;
  projectId: string;
  itemIds: number[];
  llmSuggestions: boolean;
  modelSuggestions: boolean;
}): Promise<Map<number, SuggestionRecord>> {
  if (itemIds.length === 0) return new Map();
  return await db.transaction(async (tx) => {
    const found = llmSuggestions ? await latestExternalSuggestions(tx, projectId, itemIds) : new Map<number, SuggestionRecord>();
    if (includeModel) {
      for (const [itemId, suggestion] of await modelSuggestions(
        tx,
        projectId,
        itemIds.filter((id) => !found.has(id)),
      ))
        found.set(itemId, suggestion);
    }
    return found;
  });
}

/** Every suggestion of an item with its provenance, oldest first, for leads and tests. */
export async function suggestionsForItem({ db, projectId, itemId }: { db: Executor; projectId: string; itemId: number }) {
  return await db
    .select()
    .from(suggestions)
    .where(and(eq(suggestions.projectId, projectId), eq(suggestions.itemId, itemId)))
    .orderBy(suggestions.id);
}

/** Every LLM suggestion of a project with its item's external id, oldest first. */
export async function llmSuggestionRows({ db, projectId }: { db: Executor; projectId: string }) {
  return await db
    .select({
      id: suggestions.id,
      externalId: items.externalId,
      itemId: suggestions.itemId,
      status: suggestions.status,
      labels: suggestions.labels,
      spans: suggestions.spans,
      unplacedQuotes: suggestions.unplacedQuotes,
      error: suggestions.error,
      rawOutput: suggestions.rawOutput,
      runId: suggestions.runId,
      promptVersion: suggestions.promptVersion,
      promptHash: suggestions.promptHash,
      attempts: suggestions.attempts,
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .innerJoin(items, eq(items.id, suggestions.itemId))
    .where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm")))
    .orderBy(suggestions.id);
}

export type PredictionImportSummary = { batch: number | null; inserted: number; duplicates: number };

async function itemIdsByExternalId(tx: Executor, projectId: string, externalIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const ids of lookupChunks(externalIds)) {
    const rows = await tx
      .select({ id: items.id, externalId: items.externalId })
      .from(items)
      .where(and(eq(items.projectId, projectId), inArray(items.externalId, ids)));
    for (const row of rows) found.set(row.externalId, row.id);
  }
  return found;
}

const importedKey = (s: { itemId: number; modelName: string; modelVersion: string | null; labels: string[]; confidence: number | null }) =>
  JSON.stringify([s.itemId, s.modelName, s.modelVersion, [...s.labels].sort(), s.confidence]);

/**
 * Imports predictions as suggestions of source "import", all or nothing: a row naming an item the
 * project does not have stops the import with its line. A prediction already imported (same item,
 * model, version, labels and score) is counted, not added again.
 */
export async function importPredictions({
  db,
  projectId,
  actorId,
  fileName,
  format,
  rows,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  fileName: string;
  format: string;
  rows: readonly PredictionRow[];
}): Promise<PredictionImportSummary> {
  if (rows.length === 0) throw new GoldsetError("invalid_import", `${fileName}: the file holds no predictions.`);
  return await db.transaction(async (tx) => {
    const itemIds = await itemIdsByExternalId(tx, projectId, [...new Set(rows.map((r) => r.externalId))]);
    const unknown: Problem[] = rows
      .filter((r) => !itemIds.has(r.externalId))
      .slice(0, 100)
      .map((r) => ({ line: r.line, field: "item", message: `line ${r.line}: item "${r.externalId}" is not in the project; import the items first.` }));
    if (unknown.length > 0) throw new GoldsetError("invalid_import", `${fileName}: predictions name items that do not exist; nothing was imported.`, unknown);

    const seen = new Set<string>();
    for (const ids of lookupChunks([...new Set(itemIds.values())])) {
      const existing = await tx
        .select({
          itemId: suggestions.itemId,
          modelName: suggestions.modelName,
          modelVersion: suggestions.modelVersion,
          labels: suggestions.labels,
          confidence: suggestions.confidence,
        })
        .from(suggestions)
        .where(and(inArray(suggestions.itemId, ids), eq(suggestions.sourceKind, "import")));
      for (const row of existing) seen.add(importedKey(row));
    }
    const now = new Date();
    const fresh = rows
      .map((row) => ({
        row,
        itemId: itemIds.get(row.externalId)!,
        modelName: row.model ?? "imported",
        modelVersion: row.modelVersion ?? null,
        confidence: row.score ?? null,
      }))
      .filter((p) => {
        const key = importedKey({ ...p, labels: p.row.labels });
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const duplicates = rows.length - fresh.length;
    if (fresh.length === 0) return { batch: null, inserted: 0, duplicates };
    const batch = (
      await tx
        .insert(importBatches)
        .values({ projectId, kind: "predictions", fileName, format, inserted: fresh.length, duplicates, createdBy: actorId, createdAt: now })
        .returning({ id: importBatches.id })
    )[0]!;
    for (const p of fresh) {
      await tx.insert(suggestions).values({
        projectId,
        itemId: p.itemId,
        sourceKind: "import",
        modelName: p.modelName,
        modelVersion: p.modelVersion,
        parameters: { line: p.row.line },
        labels: p.row.labels,
        confidence: p.confidence,
        status: "ok",
        importBatchId: batch.id,
        createdAt: now,
      });
    }
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "predictions.import",
      targetType: "import_batch",
      targetId: batch.id,
      details: { fileName, format, inserted: fresh.length, duplicates },
    });
    return { batch: batch.id, inserted: fresh.length, duplicates };
  });
}
