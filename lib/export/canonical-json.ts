/**
 * Canonical form for free-form values (item metadata): object keys are sorted by UTF-16 code unit,
 * so the same metadata serialises to the same bytes whatever order its keys were inserted in.
 * (JavaScript still enumerates integer-like keys such as "10" first, in numeric order; the result
 * depends only on the set of keys, which is what determinism needs.) Anything JSON cannot carry
 * faithfully is an error rather than a silent null.
 */
export function toCanonicalJsonValue(value: unknown, where: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${where}: ${value} cannot be written as JSON.`);
    return value;
  }
  if (Array.isArray(value)) {
    // JSON writes a missing array element as null; make that explicit before canonicalising.
    return value.map((element, index) =>
      element === undefined ? null : toCanonicalJsonValue(element, `${where}[${index}]`),
    );
  }
  if (typeof value === "object") {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === "function") return toCanonicalJsonValue(withToJson.toJSON(), where);
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      const field = source[key];
      if (field !== undefined) sorted[key] = toCanonicalJsonValue(field, `${where}.${key}`);
    }
    return sorted;
  }
  throw new TypeError(`${where}: a ${typeof value} cannot be written as JSON.`);
}

export function canonicalJson(value: unknown, where: string): string {
  return JSON.stringify(toCanonicalJsonValue(value, where));
}
