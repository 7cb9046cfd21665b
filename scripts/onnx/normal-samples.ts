/**
 * Normal samples for generated test weights, drawn from a seeded uniform generator (lib/random),
 * so the same seed gives byte-identical models on every machine, which is what lets tests compare
 * two generations.
 */

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
