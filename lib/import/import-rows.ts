import { type CsvDialect, type CsvRecord, CsvRecordReader } from "@/lib/import/csv-records";
import { type ImportLog, type ImportProblem, atLine, formatCount, quoteValue } from "@/lib/import/import-log";
import { readJsonlBlock } from "@/lib/import/jsonl-records";
import { type ByteSource, type LineBlock, type ReadOptions, readLineBlocks } from "@/lib/import/utf8-lines";

/** JSON Lines, or delimited text with a header row (CSV, TSV). */
export type ImportFormat = { kind: "jsonl" } | ({ kind: "csv" } & CsvDialect);

/** One record with named fields. From CSV every value is a string; from JSONL any JSON value. */
export interface ImportRow {
  line: number;
  fields: Record<string, unknown>;
}

export interface RowReadOptions extends ReadOptions {
  /**
   * Checks a CSV header (names trimmed) before any row is read. Problems it returns are file-level
   * and stop the read, since every row would fail the same way.
   */
  checkColumns?: (columns: readonly string[], headerLine: number) => ImportProblem[];
}

/**
 * Reads rows from JSONL or CSV, reporting malformed lines, ragged rows and empty files to `log`.
 * Each row is converted by `convert` the moment it is read, so every problem is logged in line
 * order whatever the chunking; the results come out a batch per block of input, because a promise
 * per row would cost more than the parsing.
 */
export async function* readImportRowBatches<T>(
  source: ByteSource,
  format: ImportFormat,
  log: ImportLog,
  options: RowReadOptions,
  convert: (row: ImportRow) => T | null,
): AsyncGenerator<T[]> {
  const blocks = readLineBlocks(source, log, options);
  if (format.kind === "jsonl") {
    const scan = { contentLines: 0 };
    for await (const block of blocks) {
      const batch: T[] = [];
      readJsonlBlock(block, log, scan, (row) => {
        const converted = convert(row);
        if (converted !== null) batch.push(converted);
      });
      yield batch;
    }
    if (scan.contentLines === 0) log.fileProblem("the file is empty: it has no JSON lines");
    return;
  }
  yield* readCsvRowBatches(blocks, format, log, options, convert);
}

async function* readCsvRowBatches<T>(
  blocks: AsyncIterable<LineBlock>,
  dialect: CsvDialect,
  log: ImportLog,
  options: RowReadOptions,
  convert: (row: ImportRow) => T | null,
): AsyncGenerator<T[]> {
  const reader = new CsvRecordReader(dialect, log);
  let header: string[] | null = null;
  let headerLine = 0;
  let problemsAfterHeader = 0;
  let rows = 0;

  /** Adds a record to `batch`; false once the header has problems and reading should stop. */
  const take = (record: CsvRecord, batch: T[]): boolean => {
    if (header === null) {
      header = record.fields.map((name) => name.trim());
      headerLine = record.line;
      const headerProblems = [...duplicateColumnProblems(header, headerLine), ...(options.checkColumns?.(header, headerLine) ?? [])];
      for (const problem of headerProblems) log.addProblem(problem);
      if (headerProblems.length > 0) return false;
      reader.columnNames = header;
      problemsAfterHeader = log.problemCount;
      return true;
    }
    rows += 1;
    // Its bad bytes are reported already; its values would only mislead.
    if (record.hasInvalidBytes) return true;
    if (record.fields.length !== header.length) {
      log.recordProblem(
        atLine(record.line),
        `the row has ${formatCount(record.fields.length)} fields but the header has ${formatCount(header.length)} (${header.map((name) => quoteValue(name, 30)).join(", ")}); a value may hold an unquoted delimiter, or a field is missing`,
      );
      return true;
    }
    const names = header;
    const converted = convert({ line: record.line, fields: Object.fromEntries(record.fields.map((value, k) => [names[k], value])) });
    if (converted !== null) batch.push(converted);
    return true;
  };

  for await (const block of blocks) {
    const batch: T[] = [];
    for (const record of reader.push(block)) {
      if (!take(record, batch)) return;
    }
    yield batch;
  }
  const last = reader.finish();
  const batch: T[] = [];
  if (last && !take(last, batch)) return;
  yield batch;

  if (header === null) {
    if (log.problemCount === 0) log.fileProblem("the file is empty: expected a header row naming the columns");
  } else if (rows === 0 && log.problemCount === problemsAfterHeader) {
    log.fileProblem(`the file has a header row (line ${headerLine}) but no data rows`, headerLine);
  }
}

function duplicateColumnProblems(header: readonly string[], line: number): ImportProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ImportProblem[] = [];
  header.forEach((name, k) => {
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, k);
    else {
      problems.push({
        line,
        field: name,
        message: `line ${line}: the header names column ${quoteValue(name)} twice (columns ${first + 1} and ${k + 1}); rename one of them`,
      });
    }
  });
  return problems;
}

/** The header check most importers need: every required column present, or one naming them all. */
export function missingColumnProblems(
  columns: readonly string[],
  headerLine: number,
  required: ReadonlyArray<{ name: string; option: string } | { oneOf: readonly string[]; option: string }>,
): ImportProblem[] {
  const present = new Set(columns);
  const found = columns.length === 0 ? "none" : columns.map((name) => quoteValue(name, 30)).join(", ");
  const problems: ImportProblem[] = [];
  for (const need of required) {
    const names = "name" in need ? [need.name] : need.oneOf;
    if (names.some((name) => present.has(name))) continue;
    const wanted = names.map((name) => quoteValue(name)).join(" or ");
    problems.push({
      line: headerLine,
      field: names[0] ?? "",
      message: `line ${headerLine}: the header has no ${wanted} column (columns found: ${found}); rename the column or set the ${need.option} option`,
    });
  }
  return problems;
}
