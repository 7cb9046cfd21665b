import { isBeginTag, typeOfTag } from "./bio-tags";

/**
 * How unsure the model is about a sentence, at the level an annotator works at: entities.
 *
 * The decisions in a decoded sentence are its predicted entities and its tokens left outside. An
 * entity's confidence is the product of its tokens' probabilities for their decoded tags (the
 * chance the whole span and type are right, the tokens being independent given their features);
 * an outside token's confidence is its probability of O (the chance no entity was missed there).
 * The sentence's uncertainty is 1 − the smallest of these, so one doubtful entity or one likely
 * missed entity is enough to bring a sentence forward, however confident the rest is. Unlike a
 * sum, the minimum does not favour long sentences merely for their length.
 */
export function sentenceUncertainty(probabilities: Float64Array, path: Int32Array, numTags: number): number {
  let lowest = 1;
  let entityConfidence = 1;
  let inEntity = false;
  for (let token = 0; token < path.length; token++) {
    const tag = path[token]!;
    const probability = probabilities[token * numTags + tag]!;
    const continues = tag !== 0 && !isBeginTag(tag) && inEntity;
    if (inEntity && !continues) lowest = Math.min(lowest, entityConfidence);
    if (tag === 0) {
      inEntity = false;
      lowest = Math.min(lowest, probability);
    } else if (continues) {
      entityConfidence *= probability;
    } else {
      inEntity = typeOfTag(tag) >= 0;
      entityConfidence = probability;
    }
  }
  if (inEntity) lowest = Math.min(lowest, entityConfidence);
  return 1 - lowest;
}
