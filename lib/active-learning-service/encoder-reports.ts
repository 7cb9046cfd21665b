/**
 * What annotators' browsers last reported about loading the project's encoder: where it loaded
 * from, or why it could not. Only browsers know (the model runs there), so the server keeps their
 * latest word per project in memory; after a restart the lead view says no browser has reported
 * yet until the next annotator opens the annotate page.
 */
import type { EncoderReportView } from "./model-views";

const globalForReports = globalThis as unknown as { goldsetEncoderReports?: Map<string, EncoderReportView> };

function reports(): Map<string, EncoderReportView> {
  globalForReports.goldsetEncoderReports ??= new Map();
  return globalForReports.goldsetEncoderReports;
}

export function recordEncoderReport(projectId: string, report: EncoderReportView): void {
  reports().set(projectId, report);
}

/** The latest report for the project's current encoder; a report about another model is stale. */
export function latestEncoderReport(projectId: string, modelId: string): EncoderReportView | null {
  const report = reports().get(projectId);
  return report && report.modelId === modelId ? report : null;
}
