// Times Dawid–Skene EM to convergence on a simulated crowd whose error rates are known, and
// scores it and majority vote against the simulated truth. Prints JSON lines; asserts nothing.
// Run: npx tsx bench/dawid-skene.ts
import { performance } from "node:perf_hooks";
import { encodeAnnotations } from "@/lib/aggregate/encode-annotations";
import { fitDawidSkene } from "@/lib/aggregate/dawid-skene";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import { simulateCrowd, type SimulatedAnnotator } from "@/lib/aggregate/simulate-crowd";

const ITEMS = 100_000;
const RUNS = 3;
const classes = ["a", "b", "c", "d"];

/** Right with probability `accuracy`, otherwise one of the other classes uniformly. */
function evenErrors(accuracy: number): number[][] {
  const miss = (1 - accuracy) / (classes.length - 1);
  return classes.map((_, trueClass) => classes.map((__, response) => (response === trueClass ? accuracy : miss)));
}

const annotators: SimulatedAnnotator[] = [
  { annotator: "careful", confusion: evenErrors(0.9) },
  { annotator: "good", confusion: evenErrors(0.8) },
  { annotator: "fair", confusion: evenErrors(0.65) },
  { annotator: "noisy", confusion: evenErrors(0.45) },
  {
    // Confuses neighbouring classes and leans towards "a", as a hurried annotator does.
    annotator: "biased",
    confusion: [
      [0.85, 0.15, 0, 0],
      [0.35, 0.55, 0.1, 0],
      [0.2, 0.1, 0.55, 0.15],
      [0.2, 0, 0.2, 0.6],
    ],
  },
];

const crowd = simulateCrowd({ itemCount: ITEMS, classes, classPriors: [0.4, 0.3, 0.2, 0.1], annotators, seed: 2024 });
const accuracyOf = (labels: readonly (string | null)[]) =>
  labels.reduce((correct, label, item) => correct + (label === crowd.truth[item] ? 1 : 0), 0) / labels.length;
const majority = majorityVote(crowd.rows, { ties: { policy: "seeded-random", seed: 1 } });
const majorityAccuracy = accuracyOf(majority.items.map((item) => item.label));

for (let run = 1; run <= RUNS; run++) {
  const start = performance.now();
  const encoded = encodeAnnotations(crowd.rows);
  const encodedAt = performance.now();
  const result = fitDawidSkene(encoded);
  const end = performance.now();
  console.log(
    JSON.stringify({
      bench: "dawid_skene",
      run,
      items: ITEMS,
      annotators: annotators.length,
      classes: classes.length,
      ratings: crowd.rows.length,
      iterations: result.iterations,
      converged: result.converged,
      ms: Math.round(end - start),
      ms_encode: Math.round(encodedAt - start),
      ms_em: Math.round(end - encodedAt),
      accuracy_vs_truth: accuracyOf(result.items.map((item) => item.label)),
      majority_accuracy: majorityAccuracy,
      majority_tie_policy: "seeded-random",
      log_likelihood: result.logLikelihood,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}
