import type { CsvDialect } from "@/lib/import/csv-records";
import { type ImportReport, ImportLog, atLine } from "@/lib/import/import-log";
import { type ImportFormat, type RowReadOptions, missingColumnProblems, readImportRowBatches } from "@/lib/import/import-rows";
import { type ItemOptions, type ItemRecord, ItemChecker, pickMetadata } from "@/lib/import/item-checker";
import type { ByteSource, ReadOptions } from "@/lib/import/utf8-lines";

export interface ItemImport extends ImportReport {
  items: ItemRecord[];
}

/**
 * Streams the valid items of a JSONL or CSV file, a batch per chunk of input. Problems go to `log`;
 * the file is importable only if `log.ok` once the stream is exhausted, since a duplicate id can
 * appear on the very last line.
 */
export async function* readItemBatches(
  source: ByteSource,
  format: ImportFormat,
  log: ImportLog,
  options: ItemOptions & ReadOptions = {},
): AsyncGenerator<ItemRecord[]> {
  const textField = options.textField ?? "text";
  const idField = options.idField ?? "id";
  if (textField === idField) throw new Error(`textField and idField must differ, both are ${JSON.stringify(textField)}`);
  const checker = new ItemChecker(log, { id: idField, text: textField }, options);
  const exclude = [textField, idField];

  const readOptions: RowReadOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    checkColumns: (columns, headerLine) => {
      const problems = missingColumnProblems(columns, headerLine, [{ name: textField, option: "textField" }]);
      const absent = (options.metadataFields ?? []).filter((name) => !columns.includes(name));
      if (absent.length > 0) {
        problems.push({
          line: headerLine,
          message: `line ${headerLine}: metadata column${absent.length > 1 ? "s" : ""} ${absent.map((name) => JSON.stringify(name)).join(", ")} not in the header (columns found: ${columns.map((name) => JSON.stringify(name)).join(", ")})`,
        });
      }
      // A CSV header settles whether ids are given, before the first row is checked.
      if (problems.length === 0) checker.expectIds(columns.includes(idField), atLine(headerLine));
      return problems;
    },
  };
  yield* readImportRowBatches(source, format, log, readOptions, (row) =>
    checker.check({
      place: atLine(row.line),
      id: row.fields[idField],
      text: row.fields[textField],
      metadata: pickMetadata(row.fields, exclude, options.metadataFields),
    }),
  );
}

/** Reads a whole JSON Lines file of items: one object per line with a text and, optionally, an id. */
export async function parseJsonlItems(source: ByteSource, options: ItemOptions & ReadOptions & { maxProblems?: number } = {}): Promise<ItemImport> {
  return collectItems(source, { kind: "jsonl" }, options);
}

/** Reads a whole CSV or TSV file of items; the first row names the columns. */
export async function parseCsvItems(
  source: ByteSource,
  options: ItemOptions & ReadOptions & CsvDialect & { maxProblems?: number } = {},
): Promise<ItemImport> {
  const dialect: CsvDialect = {
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    ...(options.quote === undefined ? {} : { quote: options.quote }),
  };
  return collectItems(source, { kind: "csv", ...dialect }, options);
}

async function collectItems(source: ByteSource, format: ImportFormat, options: ItemOptions & ReadOptions & { maxProblems?: number }): Promise<ItemImport> {
  const log = new ImportLog(options.maxProblems);
  const items: ItemRecord[] = [];
  for await (const batch of readItemBatches(source, format, log, options)) for (const item of batch) items.push(item);
  return { ...log.report(), items };
}
