// Seeded randomness, the only source of it in Goldset: one generator (mulberry32), so the same
// seed gives the same draws on every machine, in the browser and under Node.
//
// Two seedings are in use and both are kept, because recorded results depend on them:
// `mulberry32` / `mulberry32Float` start from the seed as given (bootstrap resamples, majority-vote
// tie-breaking through `seedForKey`, simulated crowds, test data), while `seededRandom` mixes the
// seed first (active learning's splits, exploration and k-means++ seeding).

export { drawBelow } from "@/lib/random/draw-below";
export { mulberry32, mulberry32Float } from "@/lib/random/mulberry32";
export { seedForKey } from "@/lib/random/seed-for-key";
export { seededRandom, shuffleInPlace, type SeededRandom } from "@/lib/random/seeded-random";
