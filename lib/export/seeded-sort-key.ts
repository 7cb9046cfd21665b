/**
 * A seeded pseudo-random sort key for an id: the same (id, seed) always gives the same key, on any
 * machine, and a different seed gives an unrelated order. It is the split's only source of
 * randomness, so splits need no PRNG state, no Math.random and no knowledge of input order.
 *
 * Two 32-bit lanes run over the id's UTF-16 code units (an FNV-1a lane and a multiply-xorshift
 * lane, each started from the seed), each is finished with MurmurHash3's fmix32 avalanche, and the
 * top 53 bits of the pair become a float64 key that sorts exactly. With n ids under one label the
 * chance that any two share a key is about n² / 2^54 (5e-5 for a million).
 */
export function seededSortKey(id: string, seed: number): number {
  let fnv = (0x811c9dc5 ^ seed) >>> 0;
  let mix = fmix32((seed ^ 0x9e3779b9) >>> 0);
  for (let index = 0; index < id.length; index++) {
    const unit = id.charCodeAt(index);
    fnv = Math.imul(fnv ^ unit, 0x01000193);
    mix = Math.imul(mix ^ unit, 0x5bd1e995);
    mix ^= mix >>> 15;
  }
  const high = fmix32((fnv ^ id.length) >>> 0);
  const low = fmix32((mix ^ Math.imul(id.length, 0x27d4eb2f)) >>> 0);
  return high * 2 ** 21 + (low >>> 11);
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
