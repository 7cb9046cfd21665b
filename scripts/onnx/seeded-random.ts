/**
 * Deterministic random numbers for generated test weights: the same seed gives byte-identical
 * models on every machine, which is what lets tests compare two generations.
 */

/** sfc32 seeded through splitmix32: fast, 128-bit state, uniform in [0, 1). */
export function createSeededRandom(seed: number): () => number {
  let mix = seed >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
}

/** Fills `target` with N(0, std²) samples (Box–Muller, both outputs used). */
export function fillNormal(target: Float32Array, std: number, uniform: () => number): void {
  for (let index = 0; index < target.length; index += 2) {
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = std * Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    target[index] = radius * Math.cos(angle);
    if (index + 1 < target.length) target[index + 1] = radius * Math.sin(angle);
  }
}
