import { rankQueue } from "@/lib/active-learning/ranking";
import { entitiesFromTags, entityF1, tagSet, typeOfTag, type TokenEntity } from "./bio-tags";
import { sentenceUncertainty } from "./entity-uncertainty";
import { DEFAULT_SPAN_TAGGER_OPTIONS, tagProbabilities, trainSpanTagger, viterbiDecode, type SpanTaggerModel, type SpanTaggerOptions } from "./span-tagger";
import { DEFAULT_FEATURE_BITS } from "./token-features";

/**
 * One retrain of a spans project's queue, as pure computation: train the span tagger on the items
 * whose spans are settled, estimate its exact entity F1 on the held-out ones, score every open
 * item by its entity-level uncertainty (entity-uncertainty.ts) and order the queue by it, most
 * uncertain first, with the project's share of exploration positions (ranking.ts). Without a model
 * (no settled item, or none with an entity) the open items keep project order.
 */

export const ENTITY_UNCERTAINTY = "entity_uncertainty";

/** The tagger holds 2^bits x tags weights; above this many, fewer bits (a model of at most 64 MB). */
const MAX_WEIGHTS = 2 ** 24;

/** Hash buckets for a model over `numTags` tags: the benchmark's 2^20, fewer for many entity types. */
export function spanModelBits(numTags: number): number {
  return Math.min(DEFAULT_FEATURE_BITS, Math.floor(Math.log2(MAX_WEIGHTS / Math.max(1, numTags))));
}

/** Settled items needed before a held-out estimate means anything, and held-out items needed among them. */
export const MIN_ITEMS_FOR_SPAN_HELD_OUT = 20;
const MIN_HELD_OUT_ITEMS = 4;

export interface SpanExample {
  /** Row of the item among the problem's sentences. */
  readonly row: number;
  /** One BIO tag per token (span-sentences.ts spanTags). */
  readonly tags: Int32Array;
  /** Whether the item belongs to the held-out evaluation (fixed per item across versions). */
  readonly heldOut: boolean;
}

export interface SpanRankingProblem {
  readonly types: readonly string[];
  /** Hashed token features of every item of the project, by row. */
  readonly sentences: readonly Int32Array[];
  /** open[row] = 1 when the item can still be served. */
  readonly open: Uint8Array;
  /** Settled items, in a fixed order (by item id): training order is part of the model. */
  readonly examples: readonly SpanExample[];
  readonly explorationShare: number;
  /** Seeds the exploration draws; the tagger trains with its own fixed seed, so equal data give an equal model. */
  readonly seed: number;
  readonly tagger?: Partial<SpanTaggerOptions>;
}

export type SpanHeldOut =
  | { readonly evaluated: true; readonly kind: "entities"; readonly trainItems: number; readonly testItems: number; readonly entityF1: number; readonly precision: number; readonly recall: number }
  | { readonly evaluated: false; readonly reason: string };

export interface SpanRowScore {
  /** 1 − the least confident decision of the decoded sentence. */
  readonly uncertainty: number;
  readonly confidence: number;
  /** What the queue sorts by: the uncertainty (spans have no boosts). */
  readonly score: number;
  /** Entity type indices the decoded sentence contains, ascending. */
  readonly predictedTypes: readonly number[];
  readonly exploration: boolean;
}

export interface SpanRankingPlan {
  readonly model: SpanTaggerModel | null;
  readonly untrained: string | null;
  readonly heldOut: SpanHeldOut;
  /** Settled entities per type in the training data. */
  readonly entityCounts: readonly number[];
  /** Rows of the open items, in queue order. */
  readonly order: Uint32Array;
  /** Per row; null for a closed item, and all null without a model. */
  readonly scores: readonly (SpanRowScore | null)[];
}

export function planSpanRanking(problem: SpanRankingProblem): SpanRankingPlan {
  const { types, sentences, open, examples } = problem;
  if (open.length !== sentences.length) throw new RangeError(`span ranking: ${open.length} open flags for ${sentences.length} sentences`);
  const numTags = tagSet(types).tags.length;
  const tagger = { ...DEFAULT_SPAN_TAGGER_OPTIONS, ...problem.tagger, bits: spanModelBits(numTags) };
  const entityCounts = countEntities(examples, types.length);
  const untrained = spanUntrainedReason(examples.length, entityCounts);
  const train = (chosen: readonly SpanExample[]) => trainSpanTagger(chosen.map((example) => ({ features: sentences[example.row]!, tags: example.tags })), numTags, tagger);

  const model = untrained ? null : train(examples);
  const heldOut: SpanHeldOut = untrained ? { evaluated: false, reason: untrained } : evaluateHeldOut(problem, numTags, train);

  const scores: (SpanRowScore | null)[] = new Array<SpanRowScore | null>(sentences.length).fill(null);
  if (!model) {
    const rows: number[] = [];
    for (let row = 0; row < open.length; row++) if (open[row]) rows.push(row);
    return { model, untrained, heldOut, entityCounts, order: Uint32Array.from(rows), scores };
  }
  const uncertainty = new Float32Array(sentences.length);
  const skip = new Uint8Array(sentences.length);
  for (let row = 0; row < sentences.length; row++) {
    if (!open[row]) {
      skip[row] = 1;
      continue;
    }
    const decoded = decode(model, sentences[row]!);
    uncertainty[row] = decoded.uncertainty;
    scores[row] = { ...decoded, score: decoded.uncertainty, confidence: 1 - decoded.uncertainty, exploration: false };
  }
  const queue = rankQueue(uncertainty, { strategy: ENTITY_UNCERTAINTY, seed: problem.seed, explorationShare: problem.explorationShare, skip });
  for (let position = 0; position < queue.length; position++) {
    if (queue.exploration[position] !== 1) continue;
    const row = queue.order[position]!;
    scores[row] = { ...scores[row]!, exploration: true };
  }
  return { model, untrained, heldOut, entityCounts, order: queue.order, scores };
}

/** Why no span model can be trained on these settled items, or null when one can. */
export function spanUntrainedReason(examples: number, entityCounts: readonly number[]): string | null {
  if (examples === 0) return "no item has settled spans yet";
  if (entityCounts.every((n) => n === 0)) return "no settled item has an entity yet: a model would only learn to mark nothing";
  return null;
}

/** A sentence's decoded entities' types and its entity-level uncertainty under the model. */
export function decode(model: SpanTaggerModel, features: Int32Array): { uncertainty: number; predictedTypes: number[] } {
  const probabilities = tagProbabilities(model, features);
  const path = viterbiDecode(probabilities, model.numTags);
  const predicted = new Set<number>();
  for (const tag of path) if (tag !== 0) predicted.add(typeOfTag(tag));
  return { uncertainty: sentenceUncertainty(probabilities, path, model.numTags), predictedTypes: [...predicted].sort((a, b) => a - b) };
}

function countEntities(examples: readonly SpanExample[], numTypes: number): number[] {
  const counts = new Array<number>(numTypes).fill(0);
  for (const example of examples) {
    for (const tag of example.tags) if (tag !== 0 && (tag - 1) % 2 === 0) counts[typeOfTag(tag)]!++;
  }
  return counts;
}

function evaluateHeldOut(problem: SpanRankingProblem, numTags: number, train: (chosen: readonly SpanExample[]) => SpanTaggerModel): SpanHeldOut {
  const { examples, sentences, types } = problem;
  if (examples.length < MIN_ITEMS_FOR_SPAN_HELD_OUT) {
    return { evaluated: false, reason: `${examples.length} items have settled spans; the estimate needs ${MIN_ITEMS_FOR_SPAN_HELD_OUT}` };
  }
  const test = examples.filter((example) => example.heldOut);
  const rest = examples.filter((example) => !example.heldOut);
  if (test.length < MIN_HELD_OUT_ITEMS) return { evaluated: false, reason: `only ${test.length} settled items are held out; the estimate needs ${MIN_HELD_OUT_ITEMS}` };
  const untrained = spanUntrainedReason(rest.length, countEntities(rest, types.length));
  if (untrained) return { evaluated: false, reason: `the items left to train on: ${untrained}` };
  const model = train(rest);
  const { tags } = tagSet(types);
  const entitiesOf = (path: Int32Array): TokenEntity[] => entitiesFromTags(Array.from(path, (tag) => tags[tag]!));
  const gold = test.map((example) => entitiesOf(example.tags));
  const predicted = test.map((example) => entitiesOf(viterbiDecode(tagProbabilities(model, sentences[example.row]!), numTags)));
  const { precision, recall, f1 } = entityF1(gold, predicted);
  return { evaluated: true, kind: "entities", trainItems: rest.length, testItems: test.length, entityF1: f1, precision, recall };
}
