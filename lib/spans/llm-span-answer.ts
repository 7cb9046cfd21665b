import type { AnswerFailureStatus } from "@/lib/llm/answers/parse-answer";
import { TextOffsets } from "./offsets";
import { describeSpan, normaliseSpans, spansOverlap, type Span } from "./span-set";

/**
 * A model's span answer: entities as exact quotes with a type, {"entities": [{"text": "Redondo
 * Beach Blvd", "type": "location", "occurrence": 2}]}. Models are bad at counting characters and
 * good at quoting, so the answer names the words and Goldset finds them: every occurrence of the
 * quote, or only the n-th (1-based) when the model gives `occurrence`. Quotes that cannot be placed
 * are dropped from the suggestion and returned with the reason, so a lead sees what the model said
 * and why it was not shown.
 *
 * Statuses follow the classification parser (lib/llm/answers/parse-answer.ts): `parse_error`
 * (not JSON), `schema_error` (JSON of the wrong shape), `unknown_label` (a type outside the
 * project's entity types; types match exactly after trimming, with a near match named).
 */

export interface QuotedEntity {
  text: string;
  type: string;
  /** 1-based: which occurrence of the quote in the item text is meant. */
  occurrence?: number;
}

export type ParsedSpanAnswer = { status: "ok"; entities: QuotedEntity[] } | { status: AnswerFailureStatus; error: string };

export type UnplacedReason = "not_found" | "occurrence_out_of_range" | "overlaps";

export interface UnplacedQuote {
  entity: QuotedEntity;
  reason: UnplacedReason;
  message: string;
}

const FENCED_JSON = /^```(?:json)?\s*\n?([\s\S]*?)\n?\s*```$/i;

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function parseSpanAnswer(content: string, entityTypes: readonly string[]): ParsedSpanAnswer {
  const trimmed = content.trim();
  const text = FENCED_JSON.exec(trimmed)?.[1]?.trim() ?? trimmed;
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
  const rawEntities = (json as Record<string, unknown>).entities;
  if (!Array.isArray(rawEntities)) return { status: "schema_error", error: '"entities" must be an array' };
  const entities: QuotedEntity[] = [];
  for (const [index, raw] of rawEntities.entries()) {
    const where = `entities[${index}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { status: "schema_error", error: `${where} must be an object` };
    const { text: quote, type, occurrence } = raw as Record<string, unknown>;
    if (typeof quote !== "string" || quote.trim() === "") return { status: "schema_error", error: `${where}.text must be a non-empty string` };
    if (typeof type !== "string") return { status: "schema_error", error: `${where}.type must be a string` };
    if (occurrence !== undefined && occurrence !== null && !(typeof occurrence === "number" && Number.isInteger(occurrence) && occurrence >= 1)) {
      return { status: "schema_error", error: `${where}.occurrence must be a whole number from 1` };
    }
    const label = type.trim();
    if (!entityTypes.includes(label)) {
      const nearMatch = entityTypes.find((name) => name.toLowerCase() === label.toLowerCase());
      const hint = nearMatch === undefined ? "" : ` (did you mean ${JSON.stringify(nearMatch)}?)`;
      return { status: "unknown_label", error: `Entity type ${JSON.stringify(label)} is not in the entity types ${JSON.stringify(entityTypes)}${hint}` };
    }
    entities.push(typeof occurrence === "number" ? { text: quote, type: label, occurrence } : { text: quote, type: label });
  }
  return { status: "ok", entities };
}

/** UTF-16 starts of the non-overlapping occurrences of `quote`, left to right. */
function occurrencesOf(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + quote.length)) found.push(at);
  return found;
}

/**
 * Places parsed quotes in the item text as spans (code points). A quote is matched exactly, case
 * and all, as the model was asked to copy it; occurrences do not overlap each other ("aa" occurs
 * once in "aaa"). With overlap off, a span overlapping one placed before it (in answer order) is
 * dropped with reason `overlaps`; a quote given twice gives its spans once.
 */
export function placeQuotedEntities(
  itemText: string,
  entities: readonly QuotedEntity[],
  options: { allowOverlap?: boolean } = {},
): { spans: Span[]; unplaced: UnplacedQuote[] } {
  const offsets = new TextOffsets(itemText);
  const placed: Span[] = [];
  const unplaced: UnplacedQuote[] = [];
  for (const entity of entities) {
    const starts = occurrencesOf(itemText, entity.text);
    if (starts.length === 0) {
      const caseOnly = occurrencesOf(itemText.toLowerCase(), entity.text.toLowerCase()).length > 0;
      unplaced.push({
        entity,
        reason: "not_found",
        message: `${JSON.stringify(entity.text)} does not occur in the text${caseOnly ? " (it does with other letter case)" : ""}.`,
      });
      continue;
    }
    if (entity.occurrence !== undefined && entity.occurrence > starts.length) {
      unplaced.push({
        entity,
        reason: "occurrence_out_of_range",
        message: `Occurrence ${entity.occurrence} of ${JSON.stringify(entity.text)} was asked for; the text has ${starts.length}.`,
      });
      continue;
    }
    const chosen = entity.occurrence === undefined ? starts : [starts[entity.occurrence - 1]!];
    for (const start16 of chosen) {
      const span: Span = { start: offsets.codePointOf(start16), end: offsets.codePointOf(start16 + entity.text.length), label: entity.type };
      if (placed.some((other) => other.start === span.start && other.end === span.end && other.label === span.label)) continue;
      const clash = options.allowOverlap ? undefined : placed.find((other) => spansOverlap(other, span));
      if (clash !== undefined) {
        unplaced.push({
          entity,
          reason: "overlaps",
          message: `Span ${describeSpan(span, offsets)} overlaps span ${describeSpan(clash, offsets)}, placed before it; overlapping spans are off in this project.`,
        });
        continue;
      }
      placed.push(span);
    }
  }
  return { spans: normaliseSpans(placed), unplaced };
}

/**
 * The inverse of placeQuotedEntities, for few-shot examples: settled spans as the quotes a model
 * should answer with, naming the occurrence whenever the quote occurs more than once (without it,
 * every occurrence would be placed). Null when a span is not one of its quote's non-overlapping
 * occurrences ("aa" at 1 in "aaa"): no answer could place it, so the item makes no example.
 */
export function quoteSpans(itemText: string, spans: readonly Span[]): QuotedEntity[] | null {
  const offsets = new TextOffsets(itemText);
  const quotes: QuotedEntity[] = [];
  for (const span of normaliseSpans(spans)) {
    const start16 = offsets.utf16Of(span.start);
    const quote = itemText.slice(start16, offsets.utf16Of(span.end));
    const starts = occurrencesOf(itemText, quote);
    const index = starts.indexOf(start16);
    if (quote.trim() === "" || index === -1) return null;
    quotes.push(starts.length === 1 ? { text: quote, type: span.label } : { text: quote, type: span.label, occurrence: index + 1 });
  }
  return quotes;
}
