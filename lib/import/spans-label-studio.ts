// A Label Studio "JSON" export of a named-entity project (the <Labels> control over <Text>): each
// task's annotations hold results of type "labels" whose `value` is `{start, end, text, labels}`.
// Label Studio counts offsets in JavaScript UTF-16 units; they are converted to code points here
// (lib/spans/offsets.ts). Goldset's own Label Studio export writes UTF-16 units too (as Label
// Studio reads them), so one rule serves both. `value.text` must be what
// the offsets cut from the task's text, so a file whose text was changed after labelling, or whose
// offsets count something else, is refused rather than imported with shifted spans.
// Tasks, ids (`data.goldset_id` of a Goldset export, else the task id), annotators (`completed_by`)
// and cancelled annotations are read as the classification import reads them (label-studio.ts).
// Predictions are not imported (a warning says so); results of other types are skipped with a warning.
import { LABEL_STUDIO_GOLDSET_ID_FIELD, LABEL_STUDIO_RESOLUTION_EMAIL } from "@/lib/export/label-studio-writer";
import { type RecordPlace, ImportLog, describeJsonType, quoteValue } from "@/lib/import/import-log";
import { type OffsetUnit, type PlacedSpan, checkOverlaps, checkedSpan, spanFieldProblem } from "@/lib/import/imported-spans";
import { ItemChecker, pickMetadata } from "@/lib/import/item-checker";
import { arrayElementLines } from "@/lib/import/json-array-lines";
import { annotatorOf, isObject, parseTaskArray } from "@/lib/import/label-studio";
import type { SpanFileOptions, SpanImport } from "@/lib/import/span-import";
import { type ByteSource, readLineBlocks } from "@/lib/import/utf8-lines";
import { TextOffsets } from "@/lib/spans/offsets";
import { normaliseSpans } from "@/lib/spans/span-set";

export async function parseSpansLabelStudio(source: ByteSource, options: SpanFileOptions): Promise<SpanImport> {
  const log = new ImportLog(options.maxProblems);
  const out: Pick<SpanImport, "items" | "annotations"> = { items: [], annotations: [] };
  const parts: string[] = [];
  for await (const block of readLineBlocks(source, log, options)) {
    parts.push(block.text);
    for (const problem of block.invalidLines) log.addProblem(problem);
  }
  const text = parts.join("");
  const tasks = parseTaskArray(text, log);
  if (tasks === null) return { ...log.report(), ...out };
  const lines = arrayElementLines(text);
  const checker = new ItemChecker(log, { id: "id", text: "data.text" }, options);
  let predictions = 0;
  tasks.forEach((task, index) => {
    const line = lines[index] ?? 0;
    const shownId = isObject(task) && (typeof task.id === "number" || typeof task.id === "string") ? `id ${quoteValue(String(task.id), 30)}, ` : "";
    const place: RecordPlace = { line, task: index, label: `tasks[${index}] (${shownId}line ${line})` };
    if (!isObject(task) || !isObject(task.data)) {
      log.recordProblem(place, isObject(task) ? `field "data" must be an object holding the task's text, found ${describeJsonType(task.data)}` : `expected a task object, found ${describeJsonType(task)}`);
      return;
    }
    const problemsBefore = log.problemCount;
    const data = task.data;
    const idField = data[LABEL_STUDIO_GOLDSET_ID_FIELD] === undefined ? undefined : LABEL_STUDIO_GOLDSET_ID_FIELD;
    const item = checker.check({
      place,
      id: idField === undefined ? task.id : data[idField],
      text: data.text,
      metadata: pickMetadata(data, idField === undefined ? ["text"] : ["text", idField], undefined),
    });
    if (item === null) return;
    const offsets = new TextOffsets(item.text);
    const unit: OffsetUnit = "utf-16";
    const key = task.annotations === undefined && task.completions !== undefined ? "completions" : "annotations";
    const list = task[key] ?? [];
    if (!Array.isArray(list)) {
      spanFieldProblem(log, place, key, `must be an array, found ${describeJsonType(list)}`);
      return;
    }
    const annotations: SpanImport["annotations"] = [];
    list.forEach((annotation, j) => {
      const path = `${key}.${j}`;
      if (!isObject(annotation)) {
        spanFieldProblem(log, place, path, `must be an object, found ${describeJsonType(annotation)}`);
        return;
      }
      if (annotation.was_cancelled === true) return;
      const annotator = annotatorOf({ log, place }, annotation.completed_by, `${path}.completed_by`);
      if (annotator === LABEL_STUDIO_RESOLUTION_EMAIL) return;
      const spans = spansOf(log, place, `${path}.result`, annotation.result, offsets, options, unit);
      if (annotator === null || spans === null) return;
      annotations.push({ externalId: item.externalId, annotator, labels: [], spans, notSure: false, line });
    });
    if (Array.isArray(task.predictions) && task.predictions.length > 0) predictions += task.predictions.length;
    if (log.problemCount > problemsBefore) return;
    out.items.push(item);
    out.annotations.push(...annotations);
  });
  if (predictions > 0) log.addWarning({ line: 0, message: `${predictions} prediction(s) were not imported: only annotations carry spans into Goldset` });
  return { ...log.report(), ...out };
}

/** The spans of one annotation's `result`: its "labels" regions, in code points; null after logging problems. */
function spansOf(log: ImportLog, place: RecordPlace, path: string, result: unknown, offsets: TextOffsets, options: SpanFileOptions, unit: OffsetUnit) {
  if (!Array.isArray(result)) {
    spanFieldProblem(log, place, path, result === undefined ? "is missing" : `must be an array, found ${describeJsonType(result)}`);
    return null;
  }
  const placed: PlacedSpan[] = [];
  const skipped = new Set<string>();
  let ok = true;
  result.forEach((region, m) => {
    const field = `${path}.${m}`;
    if (!isObject(region)) {
      spanFieldProblem(log, place, field, `must be an object, found ${describeJsonType(region)}`);
      ok = false;
      return;
    }
    if (region.type !== "labels") {
      skipped.add(typeof region.type === "string" ? region.type : describeJsonType(region.type));
      return;
    }
    const value = region.value;
    if (!isObject(value)) {
      spanFieldProblem(log, place, `${field}.value`, `must be an object with start, end, text and labels, found ${describeJsonType(value)}`);
      ok = false;
      return;
    }
    if (!Array.isArray(value.labels) || value.labels.length === 0) {
      spanFieldProblem(log, place, `${field}.value.labels`, `must be a non-empty array of entity types, found ${describeJsonType(value.labels)}`);
      ok = false;
      return;
    }
    const spans: PlacedSpan[] = [];
    value.labels.forEach((label, k) => {
      const span = checkedSpan(log, place, `${field}.value`, { start: value.start, end: value.end, label }, offsets, options, unit, `${field}.value.labels.${k}`);
      if (span !== null) spans.push({ span, field: `${field}.value.labels.${k}` });
    });
    if (spans.length < value.labels.length) {
      ok = false;
      return;
    }
    const first = spans[0]!.span;
    const cut = offsets.slice(first.start, first.end);
    if (typeof value.text === "string" && value.text !== cut) {
      spanFieldProblem(
        log,
        place,
        `${field}.value.text`,
        `is ${quoteValue(value.text, 40)} but the offsets ${String(value.start)}–${String(value.end)} (${unit === "utf-16" ? "UTF-16" : "code points"}) cut ${quoteValue(cut, 40)} from the task's text; the text or the offsets were changed`,
      );
      ok = false;
      return;
    }
    placed.push(...spans);
  });
  if (skipped.size > 0) log.recordWarning(place, `${path} has results of type ${[...skipped].map((t) => quoteValue(t, 30)).join(", ")}; only "labels" regions are imported`, path);
  if (!ok || !checkOverlaps(log, place, placed, offsets, options)) return null;
  return normaliseSpans(placed.map((p) => p.span));
}
