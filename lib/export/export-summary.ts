import { DECIDED_BY, type DecidedBy, type ExportRecord } from "@/lib/export/export-record";

/** Accepted suggestions that share a source, model and prompt version. */
export type AcceptedSuggestionTally = {
  source: string | null;
  model: string | null;
  promptVersion: number | null;
  labels: number;
};

/**
 * The figures a dataset card states, gathered while the records stream past, so the card can be
 * written after the data without a second pass or keeping records. Memory grows with the number of
 * labels, splits and suggestion models, never with the number of records.
 */
export class ExportSummary {
  examples = 0;
  readonly examplesBySplit = new Map<string, number>();
  /** label → split → items carrying that label. */
  readonly labelCounts = new Map<string, Map<string, number>>();
  readonly decidedBy = Object.fromEntries(DECIDED_BY.map((way) => [way, 0])) as Record<DecidedBy, number>;
  agreementItems = 0;
  agreementSum = 0;
  agreementMin = Number.POSITIVE_INFINITY;
  agreementMax = Number.NEGATIVE_INFINITY;
  notSureItems = 0;
  notSureMarks = 0;
  suggestionsShown = 0;
  suggestionsAccepted = 0;
  hasMetadata = false;
  hasAnnotations = false;
  private readonly accepted = new Map<string, AcceptedSuggestionTally>();

  add(record: ExportRecord, split: string): void {
    this.examples++;
    this.examplesBySplit.set(split, (this.examplesBySplit.get(split) ?? 0) + 1);
    for (const label of record.labels) {
      let bySplit = this.labelCounts.get(label);
      if (bySplit === undefined) {
        bySplit = new Map();
        this.labelCounts.set(label, bySplit);
      }
      bySplit.set(split, (bySplit.get(split) ?? 0) + 1);
    }
    this.decidedBy[record.decidedBy]++;
    if (record.agreement !== null) {
      this.agreementItems++;
      this.agreementSum += record.agreement;
      this.agreementMin = Math.min(this.agreementMin, record.agreement);
      this.agreementMax = Math.max(this.agreementMax, record.agreement);
    }
    if (record.notSure > 0) {
      this.notSureItems++;
      this.notSureMarks += record.notSure;
    }
    const suggestion = record.suggestion;
    if (suggestion !== null) {
      this.suggestionsShown++;
      if (suggestion.accepted) {
        this.suggestionsAccepted++;
        const source = suggestion.source ?? null;
        const model = suggestion.model ?? null;
        const promptVersion = suggestion.promptVersion ?? null;
        const key = JSON.stringify([source, model, promptVersion]);
        const tally = this.accepted.get(key);
        if (tally === undefined) this.accepted.set(key, { source, model, promptVersion, labels: 1 });
        else tally.labels++;
      }
    }
    if (record.metadata !== undefined) this.hasMetadata = true;
    if (record.annotations !== undefined) this.hasAnnotations = true;
  }

  /** Accepted suggestions by source, then model, then prompt version; missing values first. */
  acceptedSuggestions(): AcceptedSuggestionTally[] {
    return [...this.accepted.values()].sort(
      (a, b) =>
        compareNullable(a.source, b.source) ||
        compareNullable(a.model, b.model) ||
        compareNullable(a.promptVersion, b.promptVersion),
    );
  }
}

function compareNullable<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
