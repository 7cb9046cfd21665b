// For the copy tests: a SQLite file holding a row in (nearly) every table, written through the
// app's own query code: the demo seed (users, a project with labels, 300 items, a classifier
// version and its scores, site settings), an LLM pre-label run with stored answers and their
// provenance, annotations with a supersede chain, a skip, an adjudication, a retry run, an
// embedding (a blob), and an export snapshot exported in every format (recorded hashes).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { openDatabase } from "../index";
import {
  embeddingClaims,
  goldItems,
  itemExclusions,
  labelAliases,
  labels,
  savedViews,
  apiTokens,
  webhooks,
  webhookDeliveries,
  embeddings,
  encoderReports,
  itemScores,
  classifierModelParts,
  items,
  leases,
  llmConnections,
  loginAttempts,
  prelabelClaims,
  prelabelRuns,
  suggestions,
} from "../schema";
import { fitProjectDawidSkene } from "../queries/dawid-skene";
import { saveAgreementSnapshot } from "../queries/agreement";
import { claimJob, enqueueJob, reportJobProgress, succeedJob } from "../queries/jobs";
import { seedDemo } from "../seed-demo";
import { getProjectBySlug } from "../queries/projects";
import { getUserByEmail } from "../queries/users";
import { savePromptVersion } from "../queries/llm-prompts";
import { createRun, requestRunStop } from "../queries/llm-runs";
import { SqlitePrelabelStore } from "../queries/prelabel-store";
import { skipItem, submitAnnotation } from "../queries/annotations";
import { adjudicate } from "../queries/review";
import { createExportSnapshot, getExportSnapshot } from "../queries/exports";
import { spamHamDefinition } from "@/lib/llm/runs/prelabel-test-fixtures";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { EXPORT_FORMATS, SPANS_ONLY_FORMATS } from "@/lib/export/server/format-writers";

/** JSON text written as a person (or an older Goldset) might: spacing and number spelling that JSON.stringify would change. */
export const HAND_WRITTEN_JSON = '{"b": 1,  "a": [1.50, 2e3], "1": "integer-like key after others"}';

export async function seedEverything(path: string): Promise<{ projectId: string }> {
  const db = await openDatabase(path);
  try {
    await seedDemo({ db, dataDir: join(process.cwd(), "db", "demo") });
    const project = (await getProjectBySlug({ db, slug: "sms-demo" }))!;
    const projectId = project.id;
    const user = async (email: string) => (await getUserByEmail({ db, email }))!.id;
    const lead = await user("lead@goldset.demo");
    const reviewer = await user("reviewer@goldset.demo");
    const a1 = await user("annotator@goldset.demo");
    const a2 = await user("annotator2@goldset.demo");

    // An LLM run that answers six items, with full provenance.
    const version = (await savePromptVersion({ db, projectId, actorId: lead, definition: spamHamDefinition() })).version;
    const owner = { kind: "server", pid: process.pid } as const;
    const run = await createRun({ db, projectId, promptVersionId: version.id, itemLimit: 6, actorId: lead, owner });
    const store = new SqlitePrelabelStore({ db, projectId, owner });
    const claimed = await store.claimPendingItems({ promptVersionId: String(version.id), runId: String(run.id), limit: 6 });
    for (const [i, item] of claimed.entries()) {
      await store.recordAnswer({
        itemId: item.itemId,
        promptVersionId: String(version.id),
        suggestion: { labels: [i % 2 === 0 ? "spam" : "ham"], confidence: 0.5 + i / 20, rationale: `reason ${i}` },
        provenance: {
          sourceKind: "llm",
          runId: String(run.id),
          model: "test-model-2026",
          requestedModel: "test-model",
          promptVersionId: String(version.id),
          promptHash: version.hash,
          parameters: { temperature: 0, maxTokens: 256, responseFormat: "json_schema" },
          rawResponse: `{"choices":[{"message":{"content":"{\\"labels\\":[\\"spam\\"]}"}}]}`,
          rawContent: `{"labels":["spam"]}`,
          parseStatus: "ok",
          parseError: null,
          finishReason: "stop",
          latencyMs: 120 + i,
          usage: { promptTokens: 100, completionTokens: 7, totalTokens: 107 },
          attempts: 1,
          answeredAt: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(),
        },
      });
    }
    await requestRunStop({ db, projectId, runId: run.id, request: "pause", actorId: lead });
    // A retry run pointing at the first (a self-reference of prelabel_runs), written directly.
    await db.insert(prelabelRuns).values({ projectId, promptVersionId: version.id, status: "completed", retryOfRunId: run.id, createdBy: lead, finishedAt: new Date() });

    const itemIds = (await db.select({ id: items.id }).from(items).where(eq(items.projectId, projectId)).orderBy(asc(items.id))).map((r) => r.id);
    const suggestionOf = new Map(
      (await db.select({ id: suggestions.id, itemId: suggestions.itemId }).from(suggestions).where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm")))).map(
        (s) => [s.itemId, s.id],
      ),
    );
    const label = async (annotatorId: string, itemId: number, labels: string[], notSure = false) =>
      (
        await submitAnnotation({
          db,
          projectId,
          annotatorId,
          input: {
            id: randomUUID(),
            itemId,
            labels,
            notSure,
            ...(suggestionOf.has(itemId) ? { suggestionId: suggestionOf.get(itemId)! } : {}),
            suggestionShown: suggestionOf.has(itemId),
            rejectedSuggestion: false,
            timeSpentMs: 1500,
          },
        })
      ).annotation;

    // Two annotators on twelve items, agreeing except on the last two.
    const labelled = [...itemIds.slice(0, 12)];
    for (const [i, itemId] of labelled.entries()) {
      await label(a1, itemId, [i % 3 === 0 ? "spam" : "ham"]);
      await label(a2, itemId, [i >= 10 ? (i % 3 === 0 ? "ham" : "spam") : i % 3 === 0 ? "spam" : "ham"]);
    }
    // A supersede chain of three on the first item (a correction, then a correction back).
    await label(a1, labelled[0]!, ["ham"]);
    await label(a1, labelled[0]!, ["spam"]);
    await skipItem({ db, projectId, userId: a1, itemId: itemIds[20]!, reason: "unclear" });
    await adjudicate({ db, projectId, itemId: labelled[10]!, reviewerId: reviewer, labels: ["spam"], rationale: "looks like a promotion", allowOwn: false });

    await db.insert(embeddings).values({ itemId: itemIds[0]!, modelId: "test/encoder", encoding: "int8", dim: 4, vector: Buffer.from([1, 255, 0, 128]), createdBy: a1 });
    await fitProjectDawidSkene({ db, projectId, trigger: "manual" });
    await saveAgreementSnapshot({ db, projectId, trigger: "manual", createdBy: lead, resamples: 0 });
    // A finished background job: payload, progress and result are JSON columns.
    const job = await enqueueJob({ db, kind: "retrain", projectId, coalesceKey: `retrain:${projectId}`, payload: { triggers: ["manual"] }, maxAttempts: 3, createdBy: lead });
    await claimJob({ db, owner: "copy-test", leaseMs: 60_000, kinds: ["retrain"] });
    await reportJobProgress({ db, jobId: job.id, owner: "copy-test", progress: { done: 1, total: 1, message: "seeded" } });
    await succeedJob({ db, jobId: job.id, owner: "copy-test", result: { status: "not-due", reason: "seeded" } });
    // Tables no short app path fills, written directly so that every table holds a row.
    const now = new Date();
    await db.insert(embeddingClaims).values({ itemId: itemIds[1]!, modelId: "test/encoder", userId: a2, expiresAt: now });
    await db.insert(encoderReports).values({ projectId, modelId: "test/encoder", report: { loadedFrom: "local" }, reportedBy: a1, updatedAt: now });
    await db.insert(leases).values({ itemId: itemIds[30]!, userId: a2, projectId, expiresAt: now });
    await db.insert(llmConnections).values({ projectId, baseUrl: "http://127.0.0.1:9/v1", model: "test-model", settings: { temperature: 0 }, updatedBy: lead, updatedAt: now });
    await db.insert(prelabelClaims).values({ promptVersionId: version.id, itemId: itemIds[40]!, runId: run.id, claimedAt: now });
    await db.insert(itemScores).values({ itemId: itemIds[0]!, projectId, classifierVersion: 99, predicted: ["spam"], confidence: 0.25, score: 1 / 3, reason: { kind: "uncertainty" } });
    // A slice of an abandoned version's model (ranking-write.ts writes long models in slices).
    await db.insert(classifierModelParts).values({ projectId, version: 99, part: 0, text: '{"version":1,' });
    await db.insert(loginAttempts).values({ key: "account:someone@example.org", failures: 2, lastFailureAt: new Date(), blockedUntil: new Date() });
    // The lead's workspace: a rename alias, a gold answer, a reverted exclusion and a saved view.
    const [spamLabel] = await db.select({ id: labels.id }).from(labels).where(eq(labels.projectId, projectId)).orderBy(labels.position).limit(1);
    await db.insert(labelAliases).values({ projectId, name: "junk", labelId: spamLabel!.id, kind: "rename", createdBy: lead });
    await db.insert(goldItems).values({ projectId, itemId: itemIds[50]!, labels: ["spam"], source: "manual", createdBy: lead });
    await db.insert(itemExclusions).values({ projectId, itemId: itemIds[51]!, reason: "duplicate", jobId: job.id, createdBy: lead, revertedBy: lead, revertedAt: now });
    await db.insert(savedViews).values({ projectId, userId: lead, name: "spam to check", query: "label=spam&status=labelled", updatedAt: now });
    // Automation: a token, a webhook and one delivery of it.
    await db.insert(apiTokens).values({ id: randomUUID(), userId: lead, name: "notebook", tokenHash: "0".repeat(64), prefix: "gst_0000", projectIds: [projectId], maxRole: "lead", expiresAt: now });
    const [hook] = await db
      .insert(webhooks)
      .values({ projectId, url: "http://127.0.0.1:9/hook", sealedSecret: "sealed", events: ["item.resolved"], createdBy: lead, updatedAt: now })
      .returning({ id: webhooks.id });
    await db.insert(webhookDeliveries).values({ webhookId: hook!.id, projectId, event: "item.resolved", eventId: randomUUID(), body: "{}", state: "failed", attempts: 1, responseStatus: 500 });
    db.$client
      .prepare(`insert into audit_log (project_id, actor_id, action, target_type, target_id, details) values (?, ?, 'test.hand_written', 'test', 'x', ?)`)
      .run(projectId, lead, HAND_WRITTEN_JSON);

    const rules = snapshotRules(
      snapshotInputSchema.parse({ name: "v1", includeAnnotations: true, license: "cc-by-4.0", split: { train: 0.8, validation: 0.1, test: 0.1, seed: 7 } }),
      project,
    );
    await createExportSnapshot({ db, projectId, name: "v1", rules, createdBy: lead });
    const out = mkdtempSync(join(tmpdir(), "goldset-copy-export-"));
    try {
      for (const format of EXPORT_FORMATS.filter((f) => !SPANS_ONLY_FORMATS.includes(f))) await exportSnapshot({ db, project, snapshot: (await getExportSnapshot({ db, projectId, name: "v1" }))!, format, outDir: join(out, format), actorId: lead });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    return { projectId };
  } finally {
    db.$client.close();
  }
}
