/**
 * BIO tags for the span model: `O`, then `B-type` and `I-type` for each entity type, in that
 * order, so tag 0 is always outside. A span becomes B on its first token and I on the rest.
 */

export interface TagSet {
  readonly types: readonly string[];
  /** "O", "B-t1", "I-t1", "B-t2", ... */
  readonly tags: readonly string[];
}

export interface TokenEntity {
  type: string;
  /** Token indices, end exclusive. */
  start: number;
  end: number;
}

export function tagSet(types: readonly string[]): TagSet {
  return { types, tags: ["O", ...types.flatMap((type) => [`B-${type}`, `I-${type}`])] };
}

/** The entity type index of a tag (-1 for O), and whether it begins an entity. */
export function typeOfTag(tag: number): number {
  return tag === 0 ? -1 : (tag - 1) >> 1;
}

export function isBeginTag(tag: number): boolean {
  return tag > 0 && (tag - 1) % 2 === 0;
}

export function beginTag(type: number): number {
  return 1 + 2 * type;
}

export function insideTag(type: number): number {
  return 2 + 2 * type;
}

/** Whether `next` may follow `previous` (-1 for the sentence start): I-x only after B-x or I-x. */
export function allowedTransition(previous: number, next: number): boolean {
  if (next === 0 || isBeginTag(next)) return true;
  return previous > 0 && typeOfTag(previous) === typeOfTag(next);
}

/**
 * Entities from tag strings the way seqeval's default (CoNLL) mode reads them: an entity starts at
 * B-x, or at I-x that does not continue an entity of type x, and runs while I-x follows. Gold data
 * with a stray I- tag (WNUT has a few) is read as conlleval reads it.
 */
export function entitiesFromTags(tags: readonly string[]): TokenEntity[] {
  const entities: TokenEntity[] = [];
  let open: TokenEntity | null = null;
  tags.forEach((tag, index) => {
    const prefix = tag.slice(0, 2);
    const type = tag.slice(2);
    const continues = prefix === "I-" && open !== null && open.type === type;
    if (continues) {
      open!.end = index + 1;
      return;
    }
    if (open !== null) entities.push(open);
    open = prefix === "B-" || prefix === "I-" ? { type, start: index, end: index + 1 } : null;
  });
  if (open !== null) entities.push(open);
  return entities;
}

/** Exact entity-level precision, recall and F1 over sentences (seqeval's micro average). */
export function entityF1(gold: readonly (readonly TokenEntity[])[], predicted: readonly (readonly TokenEntity[])[]): { precision: number; recall: number; f1: number } {
  let truePositives = 0;
  let goldCount = 0;
  let predictedCount = 0;
  gold.forEach((goldEntities, sentence) => {
    const keys = new Set(goldEntities.map((entity) => `${entity.type}\u0000${entity.start}\u0000${entity.end}`));
    const predictedEntities = predicted[sentence] ?? [];
    goldCount += goldEntities.length;
    predictedCount += predictedEntities.length;
    for (const entity of predictedEntities) if (keys.has(`${entity.type}\u0000${entity.start}\u0000${entity.end}`)) truePositives++;
  });
  const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
  const recall = goldCount === 0 ? 0 : truePositives / goldCount;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
