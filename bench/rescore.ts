/**
 * How long retraining, rescoring and re-ranking take: trains a softmax model on 3,000 random
 * 384-dimensional "embeddings" labelled by a random linear teacher (from zero, then again warm
 * after 20 more labels, as the product retrains), then scores 1,000,000 such items with the
 * margin strategy and ranks them (10% exploration, rare-class boost on).
 *
 *   npx tsx bench/rescore.ts [--items 1000000] [--dim 384] [--classes 4] [--labelled 3000] [--seed 1]
 *
 * Prints one JSON line; asserts nothing about time. Needs about 1.6 GB of memory for the embeddings.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { denseFeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { rankQueue, rareClasses } from "@/lib/active-learning/ranking";
import { rescore } from "@/lib/active-learning/rescore";
import { seededRandom, type SeededRandom } from "@/lib/random";
import { trainClassifier } from "@/lib/active-learning/train-classifier";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "1000000" },
    dim: { type: "string", default: "384" },
    classes: { type: "string", default: "4" },
    labelled: { type: "string", default: "3000" },
    seed: { type: "string", default: "1" },
  },
});
const items = Number(values.items);
const dim = Number(values.dim);
const classes = Number(values.classes);
const random = seededRandom(Number(values.seed));

function randomEmbeddings(rows: number, generator: SeededRandom): Float32Array {
  const data = new Float32Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = generator.next() * 2 - 1;
  return data;
}

const teacher = randomEmbeddings(classes, random);
function teacherLabel(data: Float32Array, row: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < classes; c++) {
    let score = 0;
    for (let j = 0; j < dim; j++) score += (data[row * dim + j] as number) * (teacher[c * dim + j] as number);
    if (score > bestScore) [best, bestScore] = [c, score];
  }
  return best;
}

const labelled = Number(values.labelled);
const trainingData = randomEmbeddings(labelled + 20, random);
const labels = Int32Array.from({ length: labelled + 20 }, (_, row) => teacherLabel(trainingData, row));
const trainStart = performance.now();
const firstModel = trainClassifier(denseFeatureMatrix(trainingData.subarray(0, labelled * dim), dim), {
  kind: "single-label",
  numClasses: classes,
  labels: labels.subarray(0, labelled),
});
const trainMs = performance.now() - trainStart;
const retrainStart = performance.now();
const model = trainClassifier(
  denseFeatureMatrix(trainingData, dim),
  { kind: "single-label", numClasses: classes, labels },
  { warmStart: firstModel },
);
const retrainMs = performance.now() - retrainStart;

const embeddings = randomEmbeddings(items, random);

const cpuStart = process.cpuUsage();
const scoreStart = performance.now();
const { scores, predicted } = rescore(model, denseFeatureMatrix(embeddings, dim), { strategy: "margin" });
const scoreMs = performance.now() - scoreStart;

const rankStart = performance.now();
const queue = rankQueue(scores, {
  strategy: "margin",
  seed: 7,
  rareClassBoost: { predicted, classes: rareClasses(model.labelCounts, 0.3), boost: 0.05 },
});
const rankMs = performance.now() - rankStart;
const cpu = process.cpuUsage(cpuStart);

console.log(
  JSON.stringify({
    bench: "rescore",
    items,
    dim,
    classes,
    labelled,
    train_ms: Math.round(trainMs),
    retrain_ms: Math.round(retrainMs),
    score_ms: Math.round(scoreMs),
    rank_ms: Math.round(rankMs),
    total_ms: Math.round(scoreMs + rankMs),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
    // Wall time above; CPU time and the load average show how much the shared machine interfered.
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    load_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    queue_length: queue.length,
  }),
);
