import { countMatches } from "@/lib/agreement/spans/entity-f1";
import { normaliseSpans, type Span } from "@/lib/spans/span-set";
import { resolveSpans } from "@/lib/spans/resolve-spans";
import { resolveItem, type ItemResolution } from "./resolve-item";

/**
 * One item of a spans project resolved from its annotators' current annotations: the spans by
 * lib/spans/resolve-spans.ts (a span stands when more than `majorityShare` of the annotators
 * marked it identically), the item-level labels beside them, if the project has any, by the
 * multi-label majority. The item resolves only when both do; an adjudication decides both.
 *
 * The method is "single" for one annotator, "unanimous" when every annotator submitted the same
 * spans and labels, "majority" otherwise; never Dawid–Skene, which has no classes to work with
 * here (resolve-spans.ts says why).
 *
 * Agreement is the mean over annotator pairs of exact entity F1 (2·matches / (|A| + |B|)); a pair
 * where neither marked a span agrees fully, since both said there is nothing to mark.
 */

export interface SpanAnnotation {
  spans: readonly Span[];
  labels: readonly string[];
  notSure?: boolean;
}

export type SpanItemResolution = ItemResolution & { spans: Span[] | null };

export function meanPairwiseExactF1(sets: readonly (readonly Span[])[]): number | null {
  if (sets.length < 2) return null;
  const normalised = sets.map((spans) => normaliseSpans(spans));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < normalised.length; i++) {
    for (let j = i + 1; j < normalised.length; j++) {
      const a = normalised[i]!;
      const b = normalised[j]!;
      sum += a.length + b.length === 0 ? 1 : (2 * countMatches(a, b, "exact")) / (a.length + b.length);
      pairs++;
    }
  }
  return sum / pairs;
}

function sameAnswer(a: SpanAnnotation, b: SpanAnnotation): boolean {
  const key = (x: SpanAnnotation) => JSON.stringify([normaliseSpans(x.spans), [...new Set(x.labels)].sort()]);
  return key(a) === key(b);
}

export function resolveSpanItem({
  annotations,
  adjudication,
  majorityShare,
}: {
  annotations: readonly SpanAnnotation[];
  adjudication: { spans: readonly Span[]; labels: readonly string[] } | null;
  majorityShare: number;
}): SpanItemResolution {
  // "Not sure" with nothing marked abstains; with spans or labels it votes for them.
  const voters = annotations.filter((a) => !(a.notSure && a.spans.length === 0 && a.labels.length === 0));
  const counts = { votes: voters.length, abstentions: annotations.length - voters.length };
  const agreement = meanPairwiseExactF1(voters.map((a) => a.spans));
  const labels = resolveItem({
    kind: "multi-label",
    annotations: voters.map((a) => ({ labels: a.labels })),
    adjudication: adjudication ? { labels: adjudication.labels } : null,
    thresholds: { majorityShare },
  });
  if (adjudication) {
    return { ...counts, method: "adjudicated", labels: labels.labels, spans: normaliseSpans(adjudication.spans), agreement };
  }
  if (voters.length === 0) return { ...counts, method: "unresolved", labels: [], reason: "no-votes", spans: null, agreement };
  const spans = resolveSpans(
    voters.map((a) => a.spans),
    { minAnnotators: 1, majorityShare },
  );
  if (spans.status === "review" || labels.method === "unresolved") {
    return { ...counts, method: "unresolved", labels: [], reason: "no-majority", spans: null, agreement };
  }
  const method = voters.length === 1 ? "single" : voters.every((a) => sameAnswer(a, voters[0]!)) ? "unanimous" : "majority";
  return { ...counts, method, labels: labels.labels, spans: spans.spans, agreement };
}
