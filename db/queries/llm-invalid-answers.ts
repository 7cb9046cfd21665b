// The answers of a pre-labelling run that came back invalid (prose, a label outside the set,
// malformed JSON), with what the model said, so a lead can see why and retry just those items.
import "server-only";
import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { items, prelabelRuns, promptVersions, suggestions } from "../schema";
import type { Executor } from "../index";
import { GoldsetError } from "@/lib/errors";
import type { InvalidAnswerView } from "@/lib/llm/llm-views";
import { rawAnswerOf } from "@/lib/llm/answers/raw-answer";

/** suggestions.item_id spelt out with its table: in a select list drizzle writes it bare, which the subquery would read as its own. */
const ANSWER_ITEM_ID = sql`${sql.identifier("suggestions")}.${sql.identifier("item_id")}`;

export async function invalidAnswersOfRun({ db, projectId, runId }: { db: Executor; projectId: string; runId: number }): Promise<InvalidAnswerView[]> {
  const run = (
    await db
      .select({ version: promptVersions.version })
      .from(prelabelRuns)
      .innerJoin(promptVersions, eq(promptVersions.id, prelabelRuns.promptVersionId))
      .where(and(eq(prelabelRuns.id, runId), eq(prelabelRuns.projectId, projectId)))
      .limit(1)
  )[0];
  if (!run) throw new GoldsetError("not_found", `No run ${runId} in this project.`);
  const rows = await db
    .select({
      suggestionId: suggestions.id,
      itemId: items.externalId,
      itemText: items.text,
      status: suggestions.status,
      error: suggestions.error,
      rawOutput: suggestions.rawOutput,
      answeredSince: sql<number>`exists (select 1 from ${suggestions} s where s.item_id = ${ANSWER_ITEM_ID} and s.source_kind = 'llm'
        and s.prompt_version = ${run.version} and s.status = 'ok')`,
    })
    .from(suggestions)
    .innerJoin(items, eq(items.id, suggestions.itemId))
    .where(
      and(
        eq(suggestions.projectId, projectId),
        eq(suggestions.runId, runId),
        eq(suggestions.sourceKind, "llm"),
        notInArray(suggestions.status, ["ok", "request_error"]),
      ),
    )
    // In item order, not in the order the concurrent requests happened to answer.
    .orderBy(asc(items.id), asc(suggestions.id));
  return rows.map(({ rawOutput, answeredSince, ...row }) => ({ ...row, rawAnswer: rawAnswerOf(rawOutput), answeredSince: Boolean(answeredSince) }));
}
