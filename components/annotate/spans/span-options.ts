// The spans options the annotate page needs from a project's settings (`settings.spans`,
// validated on the server by lib/projects/project-settings.ts). Read defensively: a project saved
// before the options existed has none, and gets the defaults (token mode, overlap off).

export type SpanOptions = { characterLevel: boolean; allowOverlap: boolean };

export const DEFAULT_SPAN_OPTIONS: SpanOptions = { characterLevel: false, allowOverlap: false };

export function spanOptionsOf(settings: Record<string, unknown>): SpanOptions {
  const spans = settings.spans;
  if (typeof spans !== "object" || spans === null) return DEFAULT_SPAN_OPTIONS;
  const { characterLevel, allowOverlap } = spans as Record<string, unknown>;
  return { characterLevel: characterLevel === true, allowOverlap: allowOverlap === true };
}
