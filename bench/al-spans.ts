/**
 * Does active learning pay for spans? `npm run bench:al -- --task spans` (bench/al.ts dispatches
 * here). A simulated annotator labels WNUT 2017 sentences (train.conll is the pool) from the gold
 * tags; the span model (lib/active-learning/spans) is retrained from scratch after every batch and
 * scored on dev.conll by exact entity-level F1 (seqeval's micro average). The target is a share
 * (default 90%) of the F1 the model reaches with the whole pool, averaged over the seeds. For each
 * strategy and seed it counts the sentences labelled when dev F1 first reaches the target, and the
 * summary gives the ratio uncertainty / random (the goal is at most 0.6).
 *
 *   npm run bench:al -- --task spans [--data-dir D] [--seeds 5] [--batch 100] [--initial 50]
 *       [--epochs 8] [--target-share 0.9] [--strategies random,uncertainty]
 *
 * Prints one JSON line for the setup and the full-data F1, one per strategy, then one summary line.
 * A run stops at the target (or when the pool is used up), which keeps it to a few minutes on two cores.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { entitiesFromTags, entityF1, tagSet, type TokenEntity } from "@/lib/active-learning/spans/bio-tags";
import { sentenceUncertainty } from "@/lib/active-learning/spans/entity-uncertainty";
import { tagProbabilities, trainSpanTagger, viterbiDecode, type SpanTaggerModel, type TaggedSentence } from "@/lib/active-learning/spans/span-tagger";
import { sentenceFeatures } from "@/lib/active-learning/spans/token-features";
import { seededRandom, shuffleInPlace } from "@/lib/random";

type SpanStrategy = "random" | "uncertainty";
const ALL_STRATEGIES: readonly SpanStrategy[] = ["random", "uncertainty"];

interface ConllSentence {
  words: string[];
  tags: string[];
}

function fail(message: string): never {
  console.error(`bench/al-spans: ${message}`);
  process.exit(2);
}

/** CoNLL with two tab-separated columns (token, BIO tag) and a blank line between sentences. */
function readConll(location: string): ConllSentence[] {
  let content: string;
  try {
    content = readFileSync(location, "utf8");
  } catch {
    fail(`cannot read ${location}; set --data-dir or GOLDSET_DATASETS to the datasets folder`);
  }
  const sentences: ConllSentence[] = [];
  let current: ConllSentence = { words: [], tags: [] };
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") {
      if (current.words.length > 0) sentences.push(current);
      current = { words: [], tags: [] };
      return;
    }
    const [word, tag] = line.split("\t");
    if (word === undefined || tag === undefined || !/^(O|[BI]-.+)$/.test(tag.trim())) fail(`${location}:${index + 1}: expected "token<TAB>BIO-tag"`);
    current.words.push(word);
    current.tags.push(tag.trim());
  });
  if (current.words.length > 0) sentences.push(current);
  return sentences;
}

export async function runSpanBenchmark(argv: string[]): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      "data-dir": { type: "string" },
      seeds: { type: "string", default: "5" },
      batch: { type: "string", default: "100" },
      initial: { type: "string", default: "50" },
      epochs: { type: "string", default: "8" },
      "target-share": { type: "string", default: "0.9" },
      strategies: { type: "string", default: ALL_STRATEGIES.join(",") },
    },
  });
  const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
  const dataDir = path.resolve(repositoryRoot, args["data-dir"] ?? process.env.GOLDSET_DATASETS ?? "../shared/datasets");
  const seeds = Number(args.seeds);
  const batch = Number(args.batch);
  const initial = Number(args.initial);
  const epochs = Number(args.epochs);
  const targetShare = Number(args["target-share"]);
  const strategies = (args.strategies as string).split(",") as SpanStrategy[];
  for (const strategy of strategies) if (!ALL_STRATEGIES.includes(strategy)) fail(`--strategies: unknown ${strategy}; use ${ALL_STRATEGIES.join(",")}`);

  const started = performance.now();
  const poolSentences = readConll(path.join(dataDir, "wnut17/train.conll"));
  const devSentences = readConll(path.join(dataDir, "wnut17/dev.conll"));
  const types = [...new Set([...poolSentences, ...devSentences].flatMap((sentence) => sentence.tags.filter((tag) => tag !== "O").map((tag) => tag.slice(2))))].sort();
  const { tags } = tagSet(types);
  const tagIndex = new Map(tags.map((tag, index) => [tag, index]));
  // Gold I- tags that do not continue an entity (a few in WNUT) are trained as the B- tag seqeval reads them as.
  const encode = (sentence: ConllSentence): TaggedSentence => {
    const encoded = new Int32Array(sentence.tags.length);
    for (const entity of entitiesFromTags(sentence.tags)) {
      for (let token = entity.start; token < entity.end; token++) {
        encoded[token] = tagIndex.get(`${token === entity.start ? "B" : "I"}-${entity.type}`)!;
      }
    }
    return { features: sentenceFeatures(sentence.words), tags: encoded };
  };
  const pool = poolSentences.map(encode);
  const dev = devSentences.map(encode);
  const devGold = devSentences.map((sentence) => entitiesFromTags(sentence.tags));
  const featureMs = performance.now() - started;

  const train = (labelled: readonly TaggedSentence[], seed: number) => trainSpanTagger(labelled, tags.length, { epochs, seed });
  const devF1 = (model: SpanTaggerModel): number => {
    const predicted: TokenEntity[][] = dev.map((sentence) => {
      const path = viterbiDecode(tagProbabilities(model, sentence.features), tags.length);
      return entitiesFromTags(Array.from(path, (tag) => tags[tag]!));
    });
    return entityF1(devGold, predicted).f1;
  };

  const fullStart = performance.now();
  const fullF1PerSeed = Array.from({ length: seeds }, (_, k) => devF1(train(pool, k + 1)));
  const fullF1 = fullF1PerSeed.reduce((sum, value) => sum + value, 0) / seeds;
  const target = targetShare * fullF1;
  console.log(
    JSON.stringify({
      dataset: "wnut17",
      task: "spans",
      pool_sentences: pool.length,
      dev_sentences: dev.length,
      entity_types: types,
      model: `per-token logistic regression over BIO tags, hashed features, Viterbi with BIO constraints, ${epochs} epochs`,
      feature_ms: Math.round(featureMs),
      full_data_f1_per_seed: fullF1PerSeed.map((value) => Number(value.toFixed(4))),
      full_data_f1: Number(fullF1.toFixed(4)),
      target_share: targetShare,
      target_f1: Number(target.toFixed(4)),
      batch,
      initial,
      seeds,
      full_data_ms: Math.round(performance.now() - fullStart),
    }),
  );

  const meanSentences = new Map<SpanStrategy, number | null>();
  for (const strategy of strategies) {
    const strategyStart = performance.now();
    const perSeed: (number | null)[] = [];
    const curves: [number, number][][] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const order = shuffleInPlace(Uint32Array.from(pool.keys()), seededRandom(seed));
      const labelled = new Uint8Array(pool.length);
      const chosen: number[] = Array.from(order.subarray(0, Math.min(initial, pool.length)));
      for (const index of chosen) labelled[index] = 1;
      const curve: [number, number][] = [];
      let reached: number | null = null;
      for (;;) {
        const model = train(chosen.map((index) => pool[index]!), seed);
        const f1 = devF1(model);
        curve.push([chosen.length, Number(f1.toFixed(4))]);
        if (f1 >= target) {
          reached = chosen.length;
          break;
        }
        if (chosen.length >= pool.length) break;
        const next = strategy === "random" ? nextRandom(order, labelled, batch) : nextUncertain(model, pool, order, labelled, batch, tags.length);
        for (const index of next) {
          labelled[index] = 1;
          chosen.push(index);
        }
      }
      perSeed.push(reached);
      curves.push(curve);
    }
    const mean = perSeed.some((value) => value === null) ? null : (perSeed as number[]).reduce((sum, value) => sum + value, 0) / perSeed.length;
    meanSentences.set(strategy, mean);
    console.log(
      JSON.stringify({
        dataset: "wnut17",
        task: "spans",
        strategy,
        target_f1: Number(target.toFixed(4)),
        sentences_to_target_per_seed: perSeed,
        sentences_to_target: mean,
        curves_sentences_f1: curves,
        ms: Math.round(performance.now() - strategyStart),
      }),
    );
  }

  const random = meanSentences.get("random") ?? null;
  const uncertainty = meanSentences.get("uncertainty") ?? null;
  const ratio = random !== null && uncertainty !== null ? uncertainty / random : null;
  console.log(
    JSON.stringify({
      dataset: "wnut17",
      task: "spans",
      metric: "entity f1 (exact, seqeval micro)",
      full_data_f1: Number(fullF1.toFixed(4)),
      target_f1: Number(target.toFixed(4)),
      sentences_to_target: Object.fromEntries(meanSentences),
      ratio_uncertainty_to_random: ratio === null ? null : Number(ratio.toFixed(3)),
      goal_ratio: 0.6,
      goal_met: ratio !== null && ratio <= 0.6,
      total_ms: Math.round(performance.now() - started),
    }),
  );
}

function nextRandom(order: Uint32Array, labelled: Uint8Array, batch: number): number[] {
  const next: number[] = [];
  for (const index of order) {
    if (next.length === batch) break;
    if (labelled[index] === 0) next.push(index);
  }
  return next;
}

/** The `batch` unlabelled sentences the model is least sure of; ties go in the seed's random order. */
function nextUncertain(model: SpanTaggerModel, pool: readonly TaggedSentence[], order: Uint32Array, labelled: Uint8Array, batch: number, numTags: number): number[] {
  const scored: { index: number; uncertainty: number; rank: number }[] = [];
  order.forEach((index, rank) => {
    if (labelled[index] !== 0) return;
    const probabilities = tagProbabilities(model, pool[index]!.features);
    scored.push({ index, uncertainty: sentenceUncertainty(probabilities, viterbiDecode(probabilities, numTags), numTags), rank });
  });
  scored.sort((a, b) => b.uncertainty - a.uncertainty || a.rank - b.rank);
  return scored.slice(0, batch).map((entry) => entry.index);
}
