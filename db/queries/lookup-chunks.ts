// Long id lists are looked up a slice at a time, so that each `inArray` stays well under the
// bound-parameter limit of either database (SQLite 32,766; PostgreSQL 65,535).
export const LOOKUP_CHUNK = 500;

/** `values` in slices of at most `size`. */
export function lookupChunks<T>(values: readonly T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
