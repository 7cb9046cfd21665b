// Per annotator, how their work moved over time: labels done, agreement with the final labels and
// the "not sure" rate per week (per day while the project's labels span less than four weeks).
// Counted on current labels at the time each was written (a correction moves its label to the
// correction's period), so the periods add up to the Team table's figures. Aggregated by the
// database: one row per annotator and period.
import "server-only";
import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { annotations, itemResolutions } from "../schema";
import type { Executor } from "../index";
import { inForce } from "./current-annotations";
import { sameLabelSet } from "./same-label-set";
import { countWhere } from "./team";

export type TrendPeriod = "day" | "week";

export type TrendPoint = {
  /** The period's first instant (UTC; weeks start on Monday). */
  start: Date;
  labels: number;
  notSure: number;
  /** Labels on items resolved by more than their one vote (see AnnotatorFigures.agreementWithFinal), and how many of them equal the final label. */
  comparedWithFinal: number;
  sameAsFinal: number;
};

/** Every period from the project's first labelled period to its last, empty ones included, so the series of all annotators line up. */
export type TeamTrends = { period: TrendPeriod; starts: Date[]; annotators: { annotatorId: string; points: TrendPoint[] }[] };

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, a Monday: weeks counted from it start on Mondays. */
const MONDAY_MS = 4 * DAY_MS;
/** Below this span of labelling, weeks would be too few to show a trend: days instead. */
const DAILY_BELOW_MS = 28 * DAY_MS;

export async function teamTrends({ db, projectId }: { db: Executor; projectId: string }): Promise<TeamTrends> {
  const current = and(eq(annotations.projectId, projectId), eq(annotations.kind, "label"), inForce(annotations.id));
  const span = (
    await db
      .select({ first: sql<number | null>`min(${annotations.createdAt})`.mapWith(Number), last: sql<number | null>`max(${annotations.createdAt})`.mapWith(Number) })
      .from(annotations)
      .where(current)
  )[0];
  const first = span?.first ?? null;
  const last = span?.last ?? null;
  if (first === null || last === null || Number.isNaN(first)) return { period: "day", starts: [], annotators: [] };
  const period: TrendPeriod = last - first < DAILY_BELOW_MS ? "day" : "week";
  const [length, origin] = period === "day" ? [DAY_MS, 0] : [WEEK_MS, MONDAY_MS];

  // Epoch milliseconds on both databases (integer on SQLite, bigint on PostgreSQL), and both divide
  // integers by truncating, which is the floor for times after the origin. The constants are ours,
  // so they are written into the statement rather than bound (a bound parameter would need a cast).
  const bucket: SQL<number> = sql<number>`(${annotations.createdAt} - ${sql.raw(String(origin))}) / ${sql.raw(String(length))}`.mapWith(Number);
  const compared = and(sql`json_array_length(${annotations.labels}) > 0`, ne(itemResolutions.method, "unresolved"), ne(itemResolutions.method, "single"))!;
  const rows = await db
    .select({
      annotatorId: annotations.annotatorId,
      bucket,
      labels: sql<number>`count(*)`.mapWith(Number),
      notSure: countWhere(eq(annotations.notSure, true)),
      compared: countWhere(compared),
      same: countWhere(and(compared, sameLabelSet(annotations.labels, itemResolutions.labels))!),
    })
    .from(annotations)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, annotations.itemId))
    .where(current)
    .groupBy(annotations.annotatorId, bucket);

  const firstBucket = Math.floor((first - origin) / length);
  const lastBucket = Math.floor((last - origin) / length);
  const starts = Array.from({ length: lastBucket - firstBucket + 1 }, (_, i) => new Date(origin + (firstBucket + i) * length));
  const byAnnotator = new Map<string, TrendPoint[]>();
  for (const row of rows) {
    let points = byAnnotator.get(row.annotatorId);
    if (!points) byAnnotator.set(row.annotatorId, (points = starts.map((start) => ({ start, labels: 0, notSure: 0, comparedWithFinal: 0, sameAsFinal: 0 }))));
    points[row.bucket - firstBucket] = { start: starts[row.bucket - firstBucket]!, labels: row.labels, notSure: row.notSure, comparedWithFinal: row.compared, sameAsFinal: row.same };
  }
  return { period, starts, annotators: [...byAnnotator].map(([annotatorId, points]) => ({ annotatorId, points })) };
}
