// What annotators' browsers last said about loading a project's encoder: where it loaded from, or
// why it could not. Only browsers know (the model runs there); one row per project and model keeps
// the latest word, so the lead's model view still has it after the server restarts.
import "server-only";
import { and, eq } from "drizzle-orm";
import { encoderReports, users } from "../schema";
import type { Db, Executor } from "../index";
import type { EncoderReportView } from "@/lib/active-learning/server/model-views";

/** What a browser reports; who and when are the server's to add. */
export type EncoderReportInput = Pick<EncoderReportView, "state" | "detail" | "threads" | "crossOriginIsolated" | "itemsPerSecond">;

/** Replaces the project's report about `modelId` with this one. */
export async function recordEncoderReport({
  db,
  projectId,
  modelId,
  report,
  reportedBy,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  modelId: string;
  report: EncoderReportInput;
  /** The reporting user's id. */
  reportedBy: string;
  now?: Date;
}): Promise<void> {
  const stored = {
    state: report.state,
    detail: report.detail,
    threads: report.threads,
    crossOriginIsolated: report.crossOriginIsolated,
    itemsPerSecond: report.itemsPerSecond,
  };
  await db
    .insert(encoderReports)
    .values({ projectId, modelId, report: stored, reportedBy, updatedAt: now })
    .onConflictDoUpdate({ target: [encoderReports.projectId, encoderReports.modelId], set: { report: stored, reportedBy, updatedAt: now } });
}

/** The latest report about the project's `modelId`, with the reporter's name; null when no browser reported on it. */
export async function latestEncoderReport({ db, projectId, modelId }: { db: Executor; projectId: string; modelId: string }): Promise<EncoderReportView | null> {
  const row = (
    await db
      .select({ report: encoderReports.report, reportedBy: users.name, updatedAt: encoderReports.updatedAt })
      .from(encoderReports)
      .innerJoin(users, eq(users.id, encoderReports.reportedBy))
      .where(and(eq(encoderReports.projectId, projectId), eq(encoderReports.modelId, modelId)))
      .limit(1)
  )[0];
  if (!row) return null;
  const report = storedReport(row.report);
  return report && { modelId, ...report, reportedBy: row.reportedBy, at: row.updatedAt.toISOString() };
}

/** The stored JSON read back; a row this code did not write is treated as no report rather than shown half-read. */
function storedReport(json: Record<string, unknown>): EncoderReportInput | null {
  const { state, detail, threads, crossOriginIsolated, itemsPerSecond } = json;
  const numberOrNull = (value: unknown) => value === null || typeof value === "number";
  if ((state !== "ready" && state !== "failed") || typeof detail !== "string") return null;
  if (!numberOrNull(threads) || !numberOrNull(itemsPerSecond) || !(crossOriginIsolated === null || typeof crossOriginIsolated === "boolean")) return null;
  return {
    state,
    detail,
    threads: threads as number | null,
    crossOriginIsolated: crossOriginIsolated as boolean | null,
    itemsPerSecond: itemsPerSecond as number | null,
  };
}
