// Chart labels are names people chose (labels, annotators): charts make room for the longest one
// instead of clipping it, and cut only a very long name, whose full text stays in a tooltip.

/** Width of one character of the 12px chart label, rounded up: a margin too wide beats a clipped name. */
export const LABEL_CHAR_WIDTH = 7.5;
export const MAX_LABEL_CHARS = 24;

/** A name cut to MAX_LABEL_CHARS with an ellipsis. */
export function shortLabel(name: string): string {
  return name.length <= MAX_LABEL_CHARS ? name : `${name.slice(0, MAX_LABEL_CHARS - 1)}…`;
}

/** Pixels the longest of these (already shortened) labels needs. */
export function longestLabelWidth(labels: readonly string[]): number {
  return Math.max(0, ...labels.map((l) => l.length)) * LABEL_CHAR_WIDTH;
}
