/**
 * Mixes a seed with a key (FNV-1a), so a per-key generator depends only on the seed and that key:
 * adding or removing other items never changes how an item's tie is broken.
 */
export function seedForKey(seed: number, key: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
