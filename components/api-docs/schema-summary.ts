// A parameter's JSON Schema in a few words for the reference page's tables:
// { type: "integer", minimum: 1, maximum: 500, default: 100 } → "integer, 1–500, default 100".
type Schema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
};

export function schemaSummary(schema: Schema): string {
  const parts = [kind(schema)];
  const bounds = range(schema);
  if (bounds) parts.push(bounds);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts.push(`${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} characters`);
  if (schema.pattern) parts.push(`matching ${schema.pattern}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(", ");
}

function range({ minimum, exclusiveMinimum, maximum }: Schema): string | null {
  if (minimum !== undefined && maximum !== undefined) return `${minimum}–${maximum}`;
  if (minimum !== undefined) return `≥ ${minimum}`;
  if (exclusiveMinimum !== undefined) return maximum !== undefined ? `> ${exclusiveMinimum}, ≤ ${maximum}` : `> ${exclusiveMinimum}`;
  return maximum !== undefined ? `≤ ${maximum}` : null;
}

function kind(schema: Schema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  // The items filter's `""` alternatives mean "no filter": the choices are the other branch.
  if (schema.anyOf) return schema.anyOf.map(kind).filter((k) => k !== '""').join(" or ") || "any";
  return schema.type ?? "any";
}
