// Label Studio's "JSON" export: an array of tasks, each with `data` (the item), `annotations`
// (one per person, with `completed_by`, `result`, `was_cancelled`, `created_at`) and `predictions`
// (`model_version`, `score`, `result`). Goldset imports classification only: results of type
// "choices", whose labels are `value.choices`. Shape as documented in Label Studio's "Label Studio
// JSON format of annotated tasks" (docs/source/includes/task_format.md); `completed_by` is a user
// id there and a user object ({ id, email, ... }) in snapshot exports, so both are read.
// Exports from before Label Studio 1.0 call the annotations "completions"; they are read too.
// Goldset's own export carries each item's Goldset id in `data.goldset_id` (Label Studio wants
// numeric task ids) and its final label as an annotation by a reserved address: the id is read
// back as the item id, the final label is left out, since it is no person's annotation, and the
// not-sure marks listed in `meta.goldset.annotations` are kept.

import type { AnnotationRow } from "@/lib/import/annotation-rows";
import { optionalField, toName, toScore, toTimestamp } from "@/lib/import/field-values";
import { LABEL_STUDIO_GOLDSET_ID_FIELD, LABEL_STUDIO_RESOLUTION_EMAIL } from "@/lib/export/label-studio-writer";
import { LabelVocabulary, checkLabels } from "@/lib/import/imported-labels";
import { type ImportReport, type RecordPlace, ImportLog, describeJsonType, formatCount, quoteValue } from "@/lib/import/import-log";
import { type ItemRecord, ItemChecker, pickMetadata } from "@/lib/import/item-checker";
import { arrayElementLines } from "@/lib/import/json-array-lines";
import { findJsonSyntaxError, lineAndColumn } from "@/lib/import/json-syntax-error";
import type { PredictionRow } from "@/lib/import/prediction-rows";
import { type ByteSource, type ReadOptions, readLineBlocks } from "@/lib/import/utf8-lines";

export interface LabelStudioOptions extends ReadOptions {
  /** Key in each task's `data` that holds the text; "text" by default. */
  textField?: string;
  /** Key in `data` that holds the item id; by default `data.goldset_id` where a task has it, else the task's own `id`. */
  idField?: string;
  maxTextBytes?: number;
  /** Keys of `data` kept as metadata; by default all but the text and the id. */
  metadataFields?: readonly string[];
  /** The choices control (`from_name`) to import when tasks answer several questions. */
  fromName?: string;
  /** The project's label names; when given, any other choice is an error. */
  labels?: readonly string[];
  maxProblems?: number;
}

interface LabelStudioRecords {
  items: ItemRecord[];
  annotations: AnnotationRow[];
  predictions: PredictionRow[];
  /** Annotations Label Studio marks `was_cancelled` (skipped by the annotator); not imported. */
  cancelledAnnotations: number;
  /** Final labels of a Goldset export (completed by its reserved address); not imported. */
  goldsetResolutions: number;
}

export interface LabelStudioImport extends ImportReport, LabelStudioRecords {}

interface TaskContext {
  place: RecordPlace;
  log: ImportLog;
  fromName: string | undefined;
  vocabulary: LabelVocabulary | null;
}

export async function parseLabelStudioExport(source: ByteSource, options: LabelStudioOptions = {}): Promise<LabelStudioImport> {
  const log = new ImportLog(options.maxProblems);
  const records: LabelStudioRecords = { items: [], annotations: [], predictions: [], cancelledAnnotations: 0, goldsetResolutions: 0 };
  const parts: string[] = [];
  for await (const block of readLineBlocks(source, log, options)) {
    parts.push(block.text);
    for (const problem of block.invalidLines) log.addProblem(problem);
  }
  const text = parts.join("");
  const tasks = parseTaskArray(text, log);
  if (tasks !== null) readTasks(tasks, arrayElementLines(text), options, log, records);
  return { ...records, ...log.report() };
}

export function parseTaskArray(text: string, log: ImportLog): unknown[] | null {
  if (text.trim() === "") {
    log.fileProblem("the file is empty");
    return null;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const located = findJsonSyntaxError(text);
    if (located) {
      const { line, column } = lineAndColumn(text, located.offset);
      log.fileProblem(`line ${line}: invalid JSON: ${located.reason} at column ${formatCount(column)}`, line);
    } else {
      log.fileProblem(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  }
  if (!Array.isArray(document)) {
    const hint = isObject(document) && "data" in document ? "; this looks like a single task: wrap it in [ ]" : "";
    log.fileProblem(`expected a JSON array of tasks (Label Studio's "JSON" export), found ${describeJsonType(document)}${hint}`);
    return null;
  }
  if (document.length === 0) log.fileProblem("the export holds no tasks");
  return document;
}

function readTasks(tasks: readonly unknown[], lines: readonly number[], options: LabelStudioOptions, log: ImportLog, out: LabelStudioRecords): void {
  const textField = options.textField ?? "text";
  const idField = options.idField;
  const checker = new ItemChecker(log, { id: idField === undefined ? "id" : `data.${idField}`, text: `data.${textField}` }, options);
  const vocabulary = options.labels ? new LabelVocabulary(options.labels) : null;

  tasks.forEach((task, index) => {
    const line = lines[index] ?? 0;
    const shownId = isObject(task) && (typeof task.id === "number" || typeof task.id === "string") ? `id ${quoteValue(String(task.id), 30)}, ` : "";
    const place: RecordPlace = { line, task: index, label: `tasks[${index}] (${shownId}line ${line})` };
    if (!isObject(task)) {
      log.recordProblem(place, `expected a task object, found ${describeJsonType(task)}`);
      return;
    }
    const problemsBefore = log.problemCount;
    const data = task.data;
    let item: ItemRecord | null = null;
    if (!isObject(data)) {
      log.fieldProblem(place, "data", `must be an object holding the task's text, found ${describeJsonType(data)}`);
    } else {
      const taskIdField = idField ?? (data[LABEL_STUDIO_GOLDSET_ID_FIELD] === undefined ? undefined : LABEL_STUDIO_GOLDSET_ID_FIELD);
      const exclude = taskIdField === undefined ? [textField] : [textField, taskIdField];
      item = checker.check({
        place,
        id: taskIdField === undefined ? task.id : data[taskIdField],
        text: data[textField],
        metadata: pickMetadata(data, exclude, options.metadataFields),
      });
    }

    const context: TaskContext = { place, log, fromName: options.fromName, vocabulary };
    const annotations = readAnnotations(context, task, out);
    const predictions = readPredictions(context, task);
    if (item === null || log.problemCount > problemsBefore) return;
    out.items.push(item);
    for (const annotation of annotations) out.annotations.push({ externalId: item.externalId, ...annotation, line });
    for (const prediction of predictions) out.predictions.push({ externalId: item.externalId, ...prediction, line });
  });
}

function readAnnotations(context: TaskContext, task: Record<string, unknown>, out: LabelStudioRecords): Omit<AnnotationRow, "externalId" | "line">[] {
  const key = task.annotations === undefined && task.completions !== undefined ? "completions" : "annotations";
  const list = listField(context, task, key);
  const notSure = goldsetNotSure(task.meta);
  const rows: Omit<AnnotationRow, "externalId" | "line">[] = [];
  list.forEach((annotation, j) => {
    const path = `${key}[${j}]`;
    if (!isObject(annotation)) {
      context.log.fieldProblem(context.place, path, `must be an object, found ${describeJsonType(annotation)}`);
      return;
    }
    if (annotation.was_cancelled === true) {
      out.cancelledAnnotations += 1;
      return;
    }
    const annotator = annotatorOf(context, annotation.completed_by, `${path}.completed_by`);
    if (annotator === LABEL_STUDIO_RESOLUTION_EMAIL) {
      out.goldsetResolutions += 1;
      return;
    }
    const createdAt = optionalField(context.log, context.place, `${path}.created_at`, annotation.created_at, toTimestamp);
    const unsure = annotator !== null && notSure.has(annotator);
    const labels = choicesOf(context, annotation.result, path, unsure);
    if (annotator === null || labels === null || (labels.length === 0 && !unsure)) return;
    rows.push({ annotator, labels, notSure: unsure, ...(createdAt === null ? {} : { createdAt }) });
  });
  return rows;
}

function readPredictions(context: TaskContext, task: Record<string, unknown>): Omit<PredictionRow, "externalId" | "line">[] {
  const rows: Omit<PredictionRow, "externalId" | "line">[] = [];
  listField(context, task, "predictions").forEach((prediction, j) => {
    const path = `predictions[${j}]`;
    if (!isObject(prediction)) {
      context.log.fieldProblem(context.place, path, `must be an object, found ${describeJsonType(prediction)}`);
      return;
    }
    const modelVersion = optionalField(context.log, context.place, `${path}.model_version`, prediction.model_version, toName);
    const score = optionalField(context.log, context.place, `${path}.score`, prediction.score, toScore);
    const labels = choicesOf(context, prediction.result, path);
    if (labels === null || labels.length === 0) return;
    rows.push({ labels, ...(score === null ? {} : { score }), ...(modelVersion === null ? {} : { modelVersion }) });
  });
  return rows;
}

/**
 * Who marked the task "not sure", from the `meta.goldset.annotations` of a Goldset export: Label
 * Studio has no such mark, so without it a not-sure label would come back as a sure one and a
 * not-sure annotation without a label would be dropped.
 */
function goldsetNotSure(meta: unknown): Set<string> {
  const annotations = isObject(meta) && isObject(meta.goldset) ? meta.goldset.annotations : undefined;
  if (!Array.isArray(annotations)) return new Set();
  return new Set(annotations.flatMap((a) => (isObject(a) && a.not_sure === true && typeof a.annotator === "string" ? [a.annotator] : [])));
}

function listField(context: TaskContext, task: Record<string, unknown>, key: string): unknown[] {
  const value = task[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  context.log.fieldProblem(context.place, key, `must be an array, found ${describeJsonType(value)}`);
  return [];
}

/**
 * Who made an annotation: the user's email when the export has it, otherwise
 * "label-studio-user-<id>", which the caller maps to a Goldset user.
 */
export function annotatorOf(context: Pick<TaskContext, "log" | "place">, value: unknown, field: string): string | null {
  if (typeof value === "number" && Number.isInteger(value)) return `label-studio-user-${value}`;
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (isObject(value)) {
    if (typeof value.email === "string" && value.email.trim() !== "") return value.email.trim();
    if (typeof value.id === "number" && Number.isInteger(value.id)) return `label-studio-user-${value.id}`;
  }
  const detail =
    value === undefined
      ? "is missing; every annotation must say who made it"
      : `must be a user id or a user object with "email" or "id", found ${describeJsonType(value)}`;
  context.log.fieldProblem(context.place, field, detail);
  return null;
}

/**
 * The labels of one annotation or prediction: the `value.choices` of its "choices" results, from
 * one control. Other result types (spans, text areas) are skipped with a warning. Returns null
 * after reporting a problem, [] when there is nothing to import.
 */
function choicesOf(context: TaskContext, result: unknown, path: string, mayBeEmpty = false): string[] | null {
  const { log, place } = context;
  if (!Array.isArray(result)) {
    log.fieldProblem(place, `${path}.result`, result === undefined ? "is missing" : `must be an array, found ${describeJsonType(result)}`);
    return null;
  }
  const labels: string[] = [];
  const controls = new Set<string>();
  const skippedTypes = new Set<string>();
  let ok = true;
  result.forEach((region, m) => {
    const field = `${path}.result[${m}]`;
    if (!isObject(region)) {
      log.fieldProblem(place, field, `must be an object, found ${describeJsonType(region)}`);
      ok = false;
      return;
    }
    if (region.type !== "choices") {
      skippedTypes.add(typeof region.type === "string" ? region.type : describeJsonType(region.type));
      return;
    }
    const control = typeof region.from_name === "string" ? region.from_name : "";
    if (context.fromName !== undefined && control !== context.fromName) return;
    controls.add(control);
    const choices = isObject(region.value) ? region.value.choices : undefined;
    if (!Array.isArray(choices) || choices.some((choice) => typeof choice !== "string")) {
      log.fieldProblem(place, `${field}.value.choices`, `must be an array of label names, found ${describeJsonType(choices)}`);
      ok = false;
      return;
    }
    if (!checkLabels(log, place, `${field}.value.choices`, choices as string[], context.vocabulary)) ok = false;
    for (const choice of choices as string[]) if (!labels.includes(choice)) labels.push(choice);
  });
  const types = [...skippedTypes].map((type) => quoteValue(type, 30)).join(", ");
  if (ok && labels.length === 0 && !(mayBeEmpty && types === "")) {
    const control = context.fromName === undefined ? "" : ` from control ${quoteValue(context.fromName, 30)}`;
    const others = types === "" ? "" : ` (only results of type ${types})`;
    log.recordWarning(place, `${path} has no classification choices${control}${others}; it is skipped`, `${path}.result`);
  } else if (types !== "") {
    log.recordWarning(place, `${path} also has results of type ${types}; only its choices are imported`, `${path}.result`);
  }
  if (controls.size > 1) {
    const names = [...controls].map((name) => quoteValue(name, 30)).join(", ");
    log.fieldProblem(place, `${path}.result`, `has choices from several controls (${names}); set the fromName option to the one to import`);
    return null;
  }
  return ok ? labels : null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
