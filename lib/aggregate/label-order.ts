const NUMERIC_LABEL = /^-?\d+(\.\d+)?$/;

/**
 * The one order in which labels (and annotators) are listed everywhere in this module, so that
 * confusion-matrix rows, tie lists and "first class wins" rules are reproducible. Numeric labels
 * compare as numbers ("2" before "10", as rating scales expect); anything else compares by code
 * point, which unlike `localeCompare` does not depend on the machine's locale.
 */
export function compareLabels(a: string, b: string): number {
  if (NUMERIC_LABEL.test(a) && NUMERIC_LABEL.test(b)) {
    const difference = Number(a) - Number(b);
    if (difference !== 0) return difference;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
