// The rows behind the insights page's LLM section; the arithmetic is in
// lib/llm/suggestion-insights.ts. Only current annotations count (nothing supersedes them), since
// a corrected label is what the annotator finally decided.
import "server-only";
import { and, desc, eq, exists, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { aliasedTable as alias } from "drizzle-orm";
import { annotations, itemResolutions, prelabelRuns, promptVersions, suggestions } from "../schema";
import type { Executor } from "../index";
import { listLabels } from "./projects";
import { projectLabelNames } from "./label-names";
import type { TaskType } from "../schema";
import { isCurrentAnnotation } from "./current-annotations";
import {
  acceptanceSummary,
  accuracySummary,
  anchoringEstimate,
  percentile,
  type LlmInsights,
  type RunUsage,
  type SuggestionActionShown,
} from "@/lib/llm/suggestion-insights";

const SETTLED_METHODS = ["adjudicated", "unanimous", "single", "majority", "dawid-skene"] as const;
const RUNS_SHOWN = 20;

/** An item every annotator answered "not sure" without a label: no votes, so unresolved without agreement. */
function onlyNotSure() {
  return sql<number>`(${itemResolutions.method} = 'unresolved' and ${itemResolutions.agreement} is null and ${itemResolutions.notSure} > 0 and ${itemResolutions.notSure} = ${itemResolutions.annotators})`;
}

export async function llmInsights({ db, projectId, taskType }: { db: Executor; projectId: string; taskType: TaskType }): Promise<LlmInsights> {
  const labels = (await listLabels({ db, projectId })).map((label) => label.name);
  // Stored names read as today's (renames, merges: docs/decisions/0006), so a suggestion made
  // before a rename still matches the label annotators now give it.
  const names = await projectLabelNames({ db, projectId });

  const shownRows = (
    await db
      .select({ sourceKind: suggestions.sourceKind, suggested: suggestions.labels, action: annotations.suggestionAction })
      .from(annotations)
      .innerJoin(suggestions, eq(suggestions.id, annotations.suggestionId))
      .where(
        and(
          eq(annotations.projectId, projectId),
          eq(annotations.kind, "label"),
          eq(annotations.suggestionShown, true),
          ne(annotations.suggestionAction, "none"),
          isCurrentAnnotation,
        ),
      )
  ).map((row) => ({ ...row, suggested: names.readAll(row.suggested), action: row.action as SuggestionActionShown | "not_sure" }));
  const acceptanceBySource = (["llm", "import", "model"] as const)
    .map((sourceKind) => ({
      sourceKind,
      summary: acceptanceSummary(
        shownRows.filter((row) => row.sourceKind === sourceKind),
        labels,
      ),
    }))
    .filter((entry) => entry.summary.overall.n > 0);

  const anchoringRows = (
    await db
      .select({ shown: annotations.suggestionShown, annotated: annotations.labels, notSure: annotations.notSure, suggested: suggestions.labels })
      .from(annotations)
      .innerJoin(suggestions, eq(suggestions.id, annotations.suggestionId))
      .where(
        and(
          eq(annotations.projectId, projectId),
          eq(annotations.kind, "label"),
          eq(suggestions.sourceKind, "llm"),
          eq(suggestions.status, "ok"),
          isCurrentAnnotation,
        ),
      )
  ).map((row) => ({ ...row, annotated: names.readAll(row.annotated), suggested: names.readAll(row.suggested) }));

  const seen = alias(annotations, "seen");
  // Items with an LLM answer and a settled label, plus those every annotator answered "not sure"
  // without a label: those have no votes, hence no gold, and the summary counts them as left out.
  const accuracyRows = (
    await db
      .select({
        predicted: suggestions.labels,
        gold: itemResolutions.labels,
        shownToAnnotators: exists(
          db
            .select({ one: sql`1` })
            .from(seen)
            .where(and(eq(seen.itemId, itemResolutions.itemId), eq(seen.suggestionShown, true), eq(seen.suggestionId, suggestions.id))),
        ).mapWith(Boolean),
        notSureOnly: onlyNotSure().mapWith(Boolean),
      })
      .from(itemResolutions)
      .innerJoin(
        suggestions,
        eq(
          suggestions.id,
          sql`(select max(s.id) from ${suggestions} s where s.item_id = ${itemResolutions.itemId} and s.source_kind = 'llm' and s.status = 'ok')`,
        ),
      )
      .where(and(eq(itemResolutions.projectId, projectId), or(inArray(itemResolutions.method, [...SETTLED_METHODS]), onlyNotSure())))
  )
    .filter((row) => row.notSureOnly || row.gold.length > 0)
    .map((row) => ({ ...row, predicted: names.readAll(row.predicted), gold: names.readAll(row.gold) }));

  const llmSuggestions =
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(suggestions)
        .where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
        .limit(1)
    )[0]?.n ?? 0;

  return {
    labels,
    llmSuggestions,
    acceptance: acceptanceSummary(
      shownRows.filter((row) => row.sourceKind === "llm"),
      labels,
    ),
    acceptanceBySource,
    accuracy: accuracySummary(accuracyRows, labels, taskType === "single_label"),
    anchoring: anchoringEstimate(anchoringRows),
    runs: await runUsage(db, projectId),
  };
}

async function runUsage(db: Executor, projectId: string): Promise<RunUsage[]> {
  const runs = await db
    .select({ id: prelabelRuns.id, status: prelabelRuns.status, createdAt: prelabelRuns.createdAt, promptVersion: promptVersions.version })
    .from(prelabelRuns)
    .innerJoin(promptVersions, eq(promptVersions.id, prelabelRuns.promptVersionId))
    .where(eq(prelabelRuns.projectId, projectId))
    .orderBy(desc(prelabelRuns.id))
    .limit(RUNS_SHOWN);
  if (runs.length === 0) return [];
  const rows = await db
    .select({
      runId: suggestions.runId,
      status: suggestions.status,
      latencyMs: suggestions.latencyMs,
      promptTokens: suggestions.promptTokens,
      completionTokens: suggestions.completionTokens,
    })
    .from(suggestions)
    .where(
      and(
        eq(suggestions.projectId, projectId),
        eq(suggestions.sourceKind, "llm"),
        isNotNull(suggestions.runId),
        inArray(
          suggestions.runId,
          runs.map((run) => run.id),
        ),
      ),
    );
  return runs.map((run) => {
    const own = rows.filter((row) => row.runId === run.id);
    const answered = own.filter((row) => row.status !== "request_error");
    const latencies = answered.flatMap((row) => (row.latencyMs === null ? [] : [row.latencyMs])).sort((a, b) => a - b);
    return {
      runId: run.id,
      promptVersion: run.promptVersion,
      status: run.status,
      createdAt: run.createdAt.toISOString(),
      answered: answered.length,
      failed: own.length - answered.length,
      promptTokens: own.reduce((sum, row) => sum + (row.promptTokens ?? 0), 0),
      completionTokens: own.reduce((sum, row) => sum + (row.completionTokens ?? 0), 0),
      latencyMs: {
        mean: latencies.length === 0 ? null : Math.round(latencies.reduce((sum, value) => sum + value, 0) / latencies.length),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
      },
    };
  });
}
