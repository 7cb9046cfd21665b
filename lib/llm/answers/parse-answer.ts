import type { LabelMode } from "./answer-schema";

/**
 * Validates a model's answer against the label set. Label names match exactly after trimming
 * whitespace: case differences are real differences in a label set ("US" vs "us"), so "Spam" for
 * "spam" is an `unknown_label` whose message suggests the near match. A failed answer is stored
 * with its raw text for audit and is never shown as a suggestion.
 */

export type AnswerFailureStatus = "parse_error" | "unknown_label" | "schema_error";
export type AnswerParseStatus = "ok" | AnswerFailureStatus;

export type ParsedAnswer =
  | { status: "ok"; labels: string[]; confidence: number; rationale: string }
  | { status: AnswerFailureStatus; error: string };

const FENCED_JSON = /^```(?:json)?\s*\n?([\s\S]*?)\n?\s*```$/i;

function unfence(content: string): string {
  const trimmed = content.trim();
  const fenced = FENCED_JSON.exec(trimmed);
  return fenced?.[1] !== undefined ? fenced[1].trim() : trimmed;
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function parseAnswer(content: string, labelNames: readonly string[], mode: LabelMode): ParsedAnswer {
  const text = unfence(content);
  if (text === "") return { status: "parse_error", error: "The answer is empty" };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: "parse_error", error: `The answer is not valid JSON (${reason}): ${excerpt(text)}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { status: "schema_error", error: `The answer must be a JSON object, got: ${excerpt(text)}` };
  }
  const answer = json as Record<string, unknown>;

  const rawLabels = answer.labels;
  if (!Array.isArray(rawLabels) || !rawLabels.every((label): label is string => typeof label === "string")) {
    return { status: "schema_error", error: '"labels" must be an array of strings' };
  }
  const confidence = answer.confidence;
  if (typeof confidence !== "number" || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    return { status: "schema_error", error: '"confidence" must be a number from 0 to 1' };
  }
  const rationale = answer.rationale;
  if (typeof rationale !== "string") {
    return { status: "schema_error", error: '"rationale" must be a string' };
  }

  const known = new Set(labelNames);
  const labels: string[] = [];
  for (const raw of rawLabels) {
    const label = raw.trim();
    if (!known.has(label)) {
      const nearMatch = labelNames.find((name) => name.toLowerCase() === label.toLowerCase());
      const hint = nearMatch === undefined ? "" : ` (did you mean ${JSON.stringify(nearMatch)}?)`;
      return {
        status: "unknown_label",
        error: `Label ${JSON.stringify(label)} is not in the label set ${JSON.stringify(labelNames)}${hint}`,
      };
    }
    if (!labels.includes(label)) labels.push(label);
  }
  if (mode === "single" && labels.length !== 1) {
    return { status: "schema_error", error: `Single-label answers need exactly one label, got ${labels.length}` };
  }
  return { status: "ok", labels, confidence, rationale };
}
