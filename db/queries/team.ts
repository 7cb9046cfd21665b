// The figures behind the lead's "Team" view: per annotator, what they did and how it compares with
// the final labels and with each other. Every figure is aggregated by the database (GROUP BY over
// the project's current labels), so a request reads one row per annotator or pair, not every label.
import "server-only";
import { aliasedTable as alias, and, asc, eq, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import { annotations, itemResolutions, memberships, projects, users } from "../schema";
import type { Executor } from "../index";
import { inForce } from "./current-annotations";
import { sameLabelSet } from "./same-label-set";
import { goldResults } from "./gold";
import { projectLabelNames } from "./label-names";
import { proportion, type Proportion } from "@/lib/llm/suggestion-insights";
import { goldStanding, type GoldStanding } from "@/lib/gold/gold-check";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export type AnnotatorFigures = {
  annotatorId: string;
  name: string;
  /** Whether the person is an annotator member now (someone whose labels came by import, or who left, is not). */
  member: boolean;
  /** Items the annotator holds a current label on (one per item: corrections and retractions leave the latest). */
  itemsDone: number;
  /** Current labels with a recorded time_spent_ms (imported labels have none). */
  timedItems: number;
  /**
   * Labels per hour of recorded labelling time: timedItems / (sum of their time_spent_ms in hours).
   * Time between items (reading guidelines, breaks) is not in it, so it is a labelling pace, not a
   * throughput per hour on the clock. Null without recorded time.
   */
  labelsPerLabellingHour: number | null;
  /** Median time_spent_ms over the timed current labels (mean of the two middle values for an even count). */
  medianTimeMs: number | null;
  /**
   * Current labels (with at least one label) on items resolved by more than that one vote, whose
   * label set equals the resolved one. Items resolved as "single" rest on this annotator's own vote
   * and "unresolved" items have no final label, so both are left out.
   */
  agreementWithFinal: Proportion;
  /** Current labels marked "not sure", out of itemsDone. */
  notSure: Proportion;
  /**
   * Suggestions taken unchanged, out of the current labels where one was on screen and the
   * annotator took, changed or refused it ("not sure" with no label does neither, and is left out).
   */
  suggestionAcceptance: Proportion;
  /** Current labels whose item had a suggestion the annotator was not shown (withheld, e.g. for anchoring checks). */
  suggestionsWithheld: number;
  /**
   * Accuracy on the gold items in force (goldResults in ./gold.ts: current labels, exact label-set
   * match) and whether it is below the project's gold threshold with at least minAnswers answered.
   */
  gold: GoldStanding;
  /** Set while the member is paused (by the gold check): when and why. */
  paused: { at: Date; reason: string | null } | null;
};

export type PairAgreement = {
  /** The two annotators, `a` < `b` by id. */
  a: string;
  b: string;
  /** Items both hold a current label (with at least one label) on. */
  coLabelled: number;
  /** Of those, items where the two label sets are equal. */
  agreement: Proportion;
};

export type TeamFigures = { annotators: AnnotatorFigures[]; pairs: PairAgreement[] };

/** Counts the rows where `condition` holds (count of a CASE, which both databases read alike). */
export function countWhere(condition: SQL): SQL<number> {
  return sql<number>`count(case when ${condition} then 1 end)`.mapWith(Number);
}

export async function teamFigures({ db, projectId }: { db: Executor; projectId: string }): Promise<TeamFigures> {
  const current = and(eq(annotations.projectId, projectId), eq(annotations.kind, "label"), inForce(annotations.id));
  const hasLabel = sql`json_array_length(${annotations.labels}) > 0`;
  const names = await projectLabelNames({ db, projectId });

  const activity = await db
    .select({
      annotatorId: annotations.annotatorId,
      itemsDone: sql<number>`count(*)`.mapWith(Number),
      timedItems: sql<number>`count(${annotations.timeSpentMs})`.mapWith(Number),
      timeSpentMs: sql<number | null>`sum(${annotations.timeSpentMs})`.mapWith(Number),
      notSure: countWhere(eq(annotations.notSure, true)),
      suggestionsShown: countWhere(and(eq(annotations.suggestionShown, true), inArray(annotations.suggestionAction, ["accepted", "changed", "rejected"]))!),
      suggestionsAccepted: countWhere(and(eq(annotations.suggestionShown, true), eq(annotations.suggestionAction, "accepted"))!),
      suggestionsWithheld: countWhere(and(isNotNull(annotations.suggestionId), eq(annotations.suggestionShown, false))!),
    })
    .from(annotations)
    .where(current)
    .groupBy(annotations.annotatorId);

  const finals = await db
    .select({
      annotatorId: annotations.annotatorId,
      n: sql<number>`count(*)`.mapWith(Number),
      same: countWhere(sameLabelSet(annotations.labels, itemResolutions.labels, names)),
    })
    .from(annotations)
    .innerJoin(itemResolutions, eq(itemResolutions.itemId, annotations.itemId))
    .where(and(current, hasLabel, ne(itemResolutions.method, "unresolved"), ne(itemResolutions.method, "single")))
    .groupBy(annotations.annotatorId);

  // The median by rank: each timed label numbered within its annotator, then the one or two middle
  // ranks averaged. Window functions read the same on SQLite (3.25+) and PostgreSQL; integer
  // division picks ranks (n+1)/2 and (n+2)/2, which coincide when n is odd.
  const ranked = db
    .select({
      annotatorId: annotations.annotatorId,
      timeSpentMs: annotations.timeSpentMs,
      rank: sql<number>`row_number() over (partition by ${annotations.annotatorId} order by ${annotations.timeSpentMs})`.as("time_rank"),
      timed: sql<number>`count(*) over (partition by ${annotations.annotatorId})`.as("timed"),
    })
    .from(annotations)
    .where(and(current, isNotNull(annotations.timeSpentMs)))
    .as("ranked");
  const medians = await db
    .select({ annotatorId: ranked.annotatorId, medianTimeMs: sql<number>`avg(${ranked.timeSpentMs})`.mapWith(Number) })
    .from(ranked)
    .where(sql`${ranked.rank} in ((${ranked.timed} + 1) / 2, (${ranked.timed} + 2) / 2)`)
    .groupBy(ranked.annotatorId);

  const other = alias(annotations, "other");
  const pairRows = await db
    .select({
      a: annotations.annotatorId,
      b: other.annotatorId,
      n: sql<number>`count(*)`.mapWith(Number),
      same: countWhere(sameLabelSet(annotations.labels, other.labels, names)),
    })
    .from(annotations)
    .innerJoin(
      other,
      and(
        eq(other.itemId, annotations.itemId),
        sql`${other.annotatorId} > ${annotations.annotatorId}`,
        eq(other.kind, "label"),
        inForce(other.id),
        sql`json_array_length(${other.labels}) > 0`,
      ),
    )
    .where(and(current, hasLabel))
    .groupBy(annotations.annotatorId, other.annotatorId)
    .orderBy(asc(annotations.annotatorId), asc(other.annotatorId));

  const stored = (await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  const goldSettings = workflowSettings(stored?.settings).gold;
  const gold = await goldResults({ db, projectId });

  const people = await db
    .select({ id: users.id, name: users.name, role: memberships.role, pausedAt: memberships.pausedAt, pausedReason: memberships.pausedReason })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.projectId, projectId)))
    .where(
      or(
        eq(memberships.role, "annotator"),
        sql`exists (select 1 from ${annotations} where ${annotations.projectId} = ${projectId} and ${annotations.annotatorId} = ${users.id} and ${annotations.kind} = 'label')`,
      ),
    )
    .orderBy(asc(users.name), asc(users.id));

  const activityOf = new Map(activity.map((row) => [row.annotatorId, row]));
  const finalOf = new Map(finals.map((row) => [row.annotatorId, row]));
  const medianOf = new Map(medians.map((row) => [row.annotatorId, row.medianTimeMs]));
  const goldOf = new Map(gold.map((row) => [row.annotatorId, row]));
  const annotators = people.map((person): AnnotatorFigures => {
    const done = activityOf.get(person.id);
    const final = finalOf.get(person.id);
    const itemsDone = done?.itemsDone ?? 0;
    const timedItems = done?.timedItems ?? 0;
    const timeSpentMs = done?.timeSpentMs ?? 0;
    return {
      annotatorId: person.id,
      name: person.name,
      member: person.role === "annotator",
      itemsDone,
      timedItems,
      labelsPerLabellingHour: timeSpentMs > 0 ? timedItems / (timeSpentMs / 3_600_000) : null,
      medianTimeMs: medianOf.get(person.id) ?? null,
      agreementWithFinal: proportion(final?.same ?? 0, final?.n ?? 0),
      notSure: proportion(done?.notSure ?? 0, itemsDone),
      suggestionAcceptance: proportion(done?.suggestionsAccepted ?? 0, done?.suggestionsShown ?? 0),
      suggestionsWithheld: done?.suggestionsWithheld ?? 0,
      gold: goldStanding(goldOf.get(person.id) ?? { correct: 0, answered: 0 }, goldSettings),
      paused: person.pausedAt ? { at: person.pausedAt, reason: person.pausedReason } : null,
    };
  });
  const pairs = pairRows.map((row): PairAgreement => ({ a: row.a, b: row.b, coLabelled: row.n, agreement: proportion(row.same, row.n) }));
  return { annotators, pairs };
}
