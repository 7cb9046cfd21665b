/**
 * Agreement on a million annotations: 200,000 items x 5 ratings, from a pool of 40 annotators of
 * varying accuracy, 4 labels with skewed prevalence. Runs twice: rows ordered by item (what a query
 * with ORDER BY item gives) and shuffled (the worst case for the encoder's hash look-ups). Every
 * row gets its own item and annotator strings, as rows read from SQLite or JSON do. Prints JSON lines with wall
 * time and CPU time (the machine is shared, so wall time varies); asserts nothing about time.
 *
 *   npx tsx bench/agreement.ts [--runs 3] [--resamples 200]
 */
import { bootstrapIntervals } from "@/lib/agreement/bootstrap";
import { countCategoriesPerItem } from "@/lib/agreement/category-counts";
import { kappaDisagreementWeights, meanPairwiseKappa } from "@/lib/agreement/cohen";
import { encodeRatings } from "@/lib/agreement/encode";
import { fleissKappa } from "@/lib/agreement/fleiss";
import { krippendorffAlpha } from "@/lib/agreement/krippendorff";
import { indexAnnotatorPairs } from "@/lib/agreement/pair-index";
import { pairCells, tallyCells, tallyPairs } from "@/lib/agreement/pair-tallies";
import { percentAgreement } from "@/lib/agreement/percent";
import { drawBelow, mulberry32 } from "@/lib/random";
import type { Rating } from "@/lib/agreement/types";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "3" }, resamples: { type: "string", default: "200" } },
});
const RUNS = Number(args.runs);
const RESAMPLES = Number(args.resamples);
const ITEMS = 200_000;
const RATINGS_PER_ITEM = 5;
const POOL = 40;
const LABELS = ["billing", "bug", "feature", "other"];
const PREVALENCE = [0.45, 0.3, 0.15, 0.1];
const MIN_SHARED_ITEMS = 10;

function generateRatings(seed: number): Rating[] {
  const next = mulberry32(seed);
  const uniform = () => next() / 4294967296;
  // Accuracy from 0.55 to 0.95: a few careless annotators among careful ones.
  const accuracy = Array.from({ length: POOL }, (_, annotator) => 0.55 + (0.4 * annotator) / (POOL - 1));
  const rows: Rating[] = [];
  const chosen = new Set<number>();
  for (let item = 0; item < ITEMS; item++) {
    let truth = 0;
    for (let u = uniform(), cumulative = PREVALENCE[0]!; u > cumulative && truth < LABELS.length - 1; ) {
      cumulative += PREVALENCE[++truth]!;
    }
    chosen.clear();
    while (chosen.size < RATINGS_PER_ITEM) chosen.add(drawBelow(next, POOL));
    for (const annotator of chosen) {
      const label = uniform() < accuracy[annotator]! ? truth : (truth + 1 + drawBelow(next, LABELS.length - 1)) % LABELS.length;
      rows.push({ item: `item-${item}`, annotator: `annotator-${annotator}`, value: LABELS[label]! });
    }
  }
  return rows;
}

function shuffled(rows: readonly Rating[], seed: number): Rating[] {
  const next = mulberry32(seed);
  const copy = [...rows];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = drawBelow(next, index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const tenths = (value: number) => Math.round(value * 10) / 10;

function timed<T>(work: () => T): { result: T; ms: number; cpuMs: number } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = work();
  const cpu = process.cpuUsage(cpuStart);
  return { result, ms: tenths(performance.now() - start), cpuMs: tenths((cpu.user + cpu.system) / 1000) };
}

function report(figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: "agreement", annotations: ITEMS * RATINGS_PER_ITEM, ...figures }));
}

const generation = timed(() => generateRatings(20_240_601));
report({ metric: "generate_rows", ms: generation.ms, note: "not part of the totals" });
const orders = [
  ["by_item", generation.result],
  ["shuffled", shuffled(generation.result, 7)],
] as const;

for (const [order, rows] of orders) {
  for (let run = 1; run <= RUNS; run++) {
    const encoding = timed(() => encodeRatings(rows));
    const encoded = encoding.result;
    const counting = timed(() => countCategoriesPerItem(encoded));
    const counts = counting.result;
    const percent = timed(() => percentAgreement(counts));
    const fleiss = timed(() => fleissKappa(counts));
    const alpha = timed(() => krippendorffAlpha(counts, "nominal", null));
    const pairing = timed(() => indexAnnotatorPairs(encoded));
    const size = encoded.categories.length;
    const weights = kappaDisagreementWeights("none", size, encoded.ordered);
    const cohen = timed(() =>
      meanPairwiseKappa(tallyPairs(pairing.result, encoded.categoryOf, size, weights), weights, MIN_SHARED_ITEMS),
    );
    const steps = [
      ["encode", encoding],
      ["count_categories_per_item", counting],
      ["percent", percent],
      ["fleiss", fleiss],
      ["krippendorff_nominal", alpha],
      ["index_annotator_pairs", pairing],
      ["cohen_mean_pairwise", cohen],
    ] as const;
    for (const [metric, step] of steps) {
      const result: unknown = step.result;
      const value = result !== null && typeof result === "object" && "value" in result ? result.value : undefined;
      report({ order, run, metric, ms: step.ms, cpuMs: step.cpuMs, ...(value === undefined ? {} : { value }) });
    }
    report({
      order,
      run,
      metric: "total_headline",
      ms: tenths(steps.reduce((sum, [, step]) => sum + step.ms, 0)),
      cpuMs: tenths(steps.reduce((sum, [, step]) => sum + step.cpuMs, 0)),
      annotatorPairs: pairing.result.pairCount,
    });

    if (order === "by_item" && run === RUNS && RESAMPLES > 0) {
      const pairable = Int32Array.from({ length: counts.itemCount }, (_, item) => item).filter(
        (item) => counts.ratingsOfItem[item]! >= 2,
      );
      const cells = pairCells(pairing.result, encoded.categoryOf, size)!;
      const bootstrap = timed(() =>
        bootstrapIntervals(
          counts.itemCount,
          pairable,
          {
            percent: (w) => percentAgreement(counts, w),
            fleiss: (w) => fleissKappa(counts, w),
            krippendorff: (w) => krippendorffAlpha(counts, "nominal", null, w),
            cohen: (w) => meanPairwiseKappa(tallyCells(pairing.result, cells, weights, w), weights, MIN_SHARED_ITEMS),
          },
          { resamples: RESAMPLES, seed: 1 },
        ),
      );
      report({
        metric: "bootstrap_headline",
        resamples: RESAMPLES,
        ms: bootstrap.ms,
        cpuMs: bootstrap.cpuMs,
        cpuMsPerResample: tenths(bootstrap.cpuMs / RESAMPLES),
        krippendorffCi95: bootstrap.result.krippendorff,
      });
    }
  }
}

report({
  metric: "memory",
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
});
