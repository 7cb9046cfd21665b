/**
 * The shape of a pre-labelling answer, shared by the prompt (which describes it), the request
 * (which sends it as a strict JSON schema) and the parser (which enforces it).
 *
 * Both modes use `labels: string[]`; in single-label mode it must hold exactly one label. One shape
 * for both keeps the parser, the storage and the suggestion UI free of a second code path.
 * `rationale` comes first on purpose: with structured output the model writes fields in schema
 * order, so it reasons before it commits to labels.
 */

export type LabelMode = "single" | "multi";

export interface LabelDefinition {
  name: string;
  description: string;
}

export const ANSWER_SCHEMA_NAME = "prelabel_answer";

export function answerJsonSchema(labelNames: readonly string[], mode: LabelMode): Record<string, unknown> {
  const labels: Record<string, unknown> = {
    type: "array",
    items: { type: "string", enum: [...labelNames] },
    ...(mode === "single" ? { minItems: 1, maxItems: 1 } : {}),
  };
  return {
    type: "object",
    properties: {
      rationale: { type: "string", description: "One or two sentences on why these labels apply." },
      labels,
      confidence: { type: "number", minimum: 0, maximum: 1, description: "How likely the labels are right, from 0 to 1." },
    },
    required: ["rationale", "labels", "confidence"],
    additionalProperties: false,
  };
}

/** The same shape in words, for the prompt: servers without json_schema support rely on it alone. */
export function describeAnswerFormat(labelNames: readonly string[], mode: LabelMode): string {
  const choices = labelNames.map((name) => JSON.stringify(name)).join(", ");
  const labelsPart = mode === "single" ? `[exactly one of ${choices}]` : `[zero or more of ${choices}]`;
  return `{"rationale": "<one or two sentences on why>", "labels": ${labelsPart}, "confidence": <number from 0 to 1>}`;
}

export function describeLabelRule(mode: LabelMode): string {
  return mode === "single"
    ? "Choose exactly one label, the one that fits best."
    : "Choose every label that applies; choose none if none applies.";
}
