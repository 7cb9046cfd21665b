import { canonicalJson } from "@/lib/export/canonical-json";
import { assertExportableRecord, type ExportRecord, type ExportRecordSource } from "@/lib/export/export-record";
import { LineBatcher } from "@/lib/export/line-batcher";

/**
 * CSV after RFC 4180: a header row, `\r\n` after every row (the last included), fields quoted only
 * when they contain a comma, a double quote, CR or LF, with inner quotes doubled. Text inside a
 * quoted field keeps its own line breaks byte for byte. UTF-8, no BOM unless asked for.
 *
 * Columns, always all of them and in this order: see CSV_COLUMNS. `labels` holds the labels joined
 * with `|` (a single-label task shows just the label); a label that itself contains `|` is refused
 * rather than written ambiguously. `metadata` is the item metadata as canonical JSON. Empty cells
 * mean null/absent. Raw annotations are not written to CSV: use JSONL or Label Studio for those.
 * A spans project's file has one more column, `spans`, after `labels`: the final entities as
 * canonical JSON, [{"end":…,"label":…,"start":…,"text":…}], offsets in Unicode code points.
 */
export const CSV_COLUMNS = [
  "id",
  "text",
  "labels",
  "decided_by",
  "agreement",
  "annotators",
  "not_sure",
  "suggestion_accepted",
  "suggestion_source",
  "suggestion_model",
  "suggestion_prompt_version",
  "split",
  "metadata",
] as const;

export const CSV_LABEL_SEPARATOR = "|";

export type CsvOptions = {
  /**
   * Spreadsheet formula-injection guard, off by default because it changes the data: a text cell
   * (id, text, labels, suggestion source/model, metadata) starting with =, +, -, @, tab or CR gets
   * a leading apostrophe so Excel, LibreOffice and Sheets show it as text instead of running it.
   * Numeric cells are never touched (a negative agreement stays a number). Use it for files meant
   * to be opened in a spreadsheet, not for files meant to be parsed.
   */
  excelSafe?: boolean;
  /** Start the file with a UTF-8 byte order mark, which Excel needs to detect UTF-8. */
  byteOrderMark?: boolean;
  /** A spans project's export: adds the `spans` column. */
  spans?: boolean;
};

function columnsOf(options: CsvOptions): readonly string[] {
  return options.spans ? [...CSV_COLUMNS.slice(0, 3), "spans", ...CSV_COLUMNS.slice(3)] : CSV_COLUMNS;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

export async function* writeCsv(records: ExportRecordSource, options: CsvOptions = {}): AsyncGenerator<Uint8Array> {
  const excelSafe = options.excelSafe ?? false;
  const batcher = new LineBatcher();
  batcher.add(`${options.byteOrderMark ? "\uFEFF" : ""}${columnsOf(options).join(",")}\r\n`);
  for await (const record of records) {
    const chunk = batcher.add(csvRow(record, excelSafe, options.spans ?? false));
    if (chunk !== null) yield chunk;
  }
  const rest = batcher.drain();
  if (rest !== null) yield rest;
}

function csvRow(record: ExportRecord, excelSafe: boolean, spans: boolean): string {
  assertExportableRecord(record);
  const text = (value: string | undefined): string =>
    value === undefined ? "" : csvField(excelSafe && FORMULA_TRIGGER.test(value) ? `'${value}` : value);
  const suggestion = record.suggestion;
  const cells = [
    text(record.id),
    text(record.text),
    text(joinLabels(record)),
    ...(spans ? [text(canonicalJson(record.spans ?? [], `item "${record.id}" spans`))] : []),
    record.decidedBy,
    record.agreement === null ? "" : String(record.agreement),
    String(record.annotators),
    String(record.notSure),
    suggestion === null ? "" : String(suggestion.accepted),
    text(suggestion?.source),
    text(suggestion?.model),
    suggestion?.promptVersion == null ? "" : String(suggestion.promptVersion),
    record.split ?? "",
    text(record.metadata === undefined ? undefined : canonicalJson(record.metadata, `item "${record.id}" metadata`)),
  ];
  return `${cells.join(",")}\r\n`;
}

function joinLabels(record: ExportRecord): string {
  for (const label of record.labels) {
    if (label.includes(CSV_LABEL_SEPARATOR)) {
      throw new Error(
        `item "${record.id}": label "${label}" contains "${CSV_LABEL_SEPARATOR}", which CSV uses to join labels; ` +
          "rename the label or export JSONL instead.",
      );
    }
  }
  return record.labels.join(CSV_LABEL_SEPARATOR);
}

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
