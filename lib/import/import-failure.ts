// Turns a parse report with problems into the one error type the app and the CLI report.
import { GoldsetError } from "@/lib/errors";
import type { ImportReport } from "./import-log";

export function importFailure(fileName: string, report: ImportReport): GoldsetError {
  const unlisted = report.problemCount - report.problems.length;
  const problems = report.problems.map((p) => ({ line: p.line || undefined, field: p.field, message: p.message }));
  if (unlisted > 0) problems.push({ line: undefined, field: undefined, message: `…and ${unlisted} more problem(s) not listed` });
  return new GoldsetError(
    "invalid_import",
    `${fileName}: ${report.problemCount} problem(s) found; nothing was imported. Fix the file and import it again.`,
    problems,
  );
}
