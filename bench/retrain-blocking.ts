/**
 * How long a project retrain keeps the server's event loop from answering other requests. Builds a
 * real SQLite project (AG News dev.tsv: 10,000 news texts, 4 topics), labels some items from the
 * gold topics, then runs the retrain the server runs after labels, twice: once as the first
 * retrain after a restart (no cached hashed features, no warm start) and once after
 * `retrainEvery` more labels (everything warm). While each runs, a 1 ms interval timer and
 * perf_hooks.monitorEventLoopDelay watch the event loop, the way a waiting request would see it.
 * A last line times the building blocks of a retrain one by one, to show where the time goes.
 *
 *   npx tsx --import ./scripts/server-only/register.mjs bench/retrain-blocking.ts [--items 10000] [--labels 1000] [--features hashed|embeddings]
 *       [--dim 384] [--seed 1] [--data-dir ../shared/datasets]
 *
 * Past the file's 10,000 texts (--items 100000) they repeat, each copy its own item. Without the
 * AG News file, texts are generated from a fixed vocabulary (the line says which). Each retrain
 * line also reports the write of its results (version, scores, queue ranks) apart: write_ms and
 * the stalls that ended inside it (write_longest_stall_ms, write_top_stalls). Prints JSON lines; asserts nothing about time.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase, type Db } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { classifierModel } from "@/db/queries/classifier-versions";
import { storeEmbeddings } from "@/db/queries/embeddings";
import { importItems } from "@/db/queries/items";
import { createProject } from "@/db/queries/projects";
import { itemTexts, rankingInputs } from "@/db/queries/ranking";
import { saveRankingSteps } from "@/db/queries/ranking-write";
import { getRankingSettings } from "@/db/queries/ranking-settings";
import { createUser } from "@/db/queries/users";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { sparseFeatureMatrix, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { hashedFeatureDimension, hashedFeatures } from "@/lib/active-learning/hashed-features";
import { deserializeModel, serializeModel, type SerializedClassifierModel } from "@/lib/active-learning/model-serialization";
import { rescore } from "@/lib/active-learning/rescore";
import { seededRandom, shuffleInPlace } from "@/lib/random";
import { runAsyncSteps } from "@/lib/active-learning/steps";
import { trainClassifier } from "@/lib/active-learning/train-classifier";
import { evaluateHeldOut, type TrainingExample } from "@/lib/active-learning/server/held-out-metrics";
import { retrainProject } from "@/lib/active-learning/server/retrain-project";

const { values: args } = parseArgs({
  options: {
    items: { type: "string", default: "10000" },
    labels: { type: "string", default: "1000" },
    features: { type: "string", default: "hashed" },
    dim: { type: "string", default: "384" },
    seed: { type: "string", default: "1" },
    "data-dir": { type: "string" },
  },
});
const itemCount = Number(args.items);
const labelCount = Number(args.labels);
const useEmbeddings = args.features === "embeddings";
const dim = Number(args.dim);
const random = seededRandom(Number(args.seed));
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(repositoryRoot, args["data-dir"] ?? process.env.GOLDSET_DATASETS ?? "../shared/datasets");
const TOPICS = ["World", "Sports", "Business", "Sci/Tech"];

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: "retrain-blocking", ...line }));

function corpus(): { source: string; records: { text: string; topic: string }[] } {
  const file = path.join(dataDir, "agnews/dev.tsv");
  if (existsSync(file)) {
    const records = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("\t"))
      .map((line) => {
        const [text = "", topic = ""] = line.split("\t");
        return { text, topic: topic.trim() };
      })
      .filter((record) => TOPICS.includes(record.topic));
    // Past the file's 10,000 lines the texts repeat, each copy its own item.
    const repeated = Array.from({ length: itemCount }, (_, i) => records[i % records.length] as { text: string; topic: string });
    return { source: itemCount > records.length ? `${file} (${records.length} texts, repeated)` : file, records: repeated };
  }
  // Topic words plus shared filler, about AG News length, so hashing and training do similar work.
  const vocabulary = TOPICS.map((topic) => Array.from({ length: 400 }, (_, k) => `${topic.toLowerCase().replace("/", "")}${k}`));
  const filler = Array.from({ length: 2_000 }, (_, k) => `word${k}`);
  const records = Array.from({ length: itemCount }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length] as string;
    const own = vocabulary[i % TOPICS.length] as string[];
    const words = Array.from({ length: 35 }, () => (random.next() < 0.3 ? own[random.int(own.length)] : filler[random.int(filler.length)]));
    return { text: words.join(" "), topic };
  });
  return { source: `generated (no ${file})`, records };
}

/** Watches the event loop until stopped: the longest gap between 1 ms timer ticks, and the histogram's view. */
interface EventLoopReport {
  longestStallMs: number;
  /**
   * The most CPU time the process used within one stall. On a shared machine a stall also holds
   * time the process waited for a core; this is the part its own work took, i.e. roughly the
   * stall on an idle machine.
   */
  longestStallCpuMs: number;
  /** The five longest stalls as [ms after the start when it began, its length, the CPU ms used in it]. */
  topStalls: [number, number, number][];
  stallsOver50Ms: number;
  stallsOver100Ms: number;
}

/** One gap between timer ticks: when it began (ms after the watch started), how long, the CPU ms used in it. */
type Gap = [number, number, number];

function stallReport(gaps: readonly Gap[]): EventLoopReport {
  const longest = gaps.map((gap) => gap.map(Math.round) as Gap).sort((a, b) => b[1] - a[1]);
  return {
    longestStallMs: Math.round(Math.max(0, ...gaps.map((gap) => gap[1]))),
    longestStallCpuMs: Math.round(Math.max(0, ...gaps.map((gap) => gap[2]))),
    topStalls: longest.slice(0, 5),
    stallsOver50Ms: gaps.filter((gap) => gap[1] > 50).length,
    stallsOver100Ms: gaps.filter((gap) => gap[1] > 100).length,
  };
}

interface EventLoopWatch {
  /** Marks the start of the write phase: stalls that end after it are reported apart as well. */
  markWrite(): void;
  stop(): { all: EventLoopReport; write: EventLoopReport & { writeMs: number }; loopDelayMaxMs: number; loopDelayP99Ms: number };
}

function watchEventLoop(): EventLoopWatch {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  const gaps: Gap[] = [];
  let writeStart = Infinity;
  let last = started;
  let lastCpu = process.cpuUsage();
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    gaps.push([last - started, now - last, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000]);
    last = now;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, 1);
  return {
    markWrite: () => {
      writeStart = performance.now() - started;
    },
    stop: () => {
      clearInterval(timer);
      histogram.disable();
      tick();
      const end = performance.now() - started;
      return {
        all: stallReport(gaps),
        // A stall that began before the write but ended inside it held up a request during the write too.
        write: { ...stallReport(gaps.filter(([start, length]) => start + length > writeStart)), writeMs: Math.round(Math.max(0, end - writeStart)) },
        loopDelayMaxMs: Math.round(histogram.max / 1e6),
        loopDelayP99Ms: Math.round(histogram.percentile(99) / 1e6),
      };
    },
  };
}

async function timedRetrain(db: Db, projectId: string, run: string): Promise<void> {
  const cpuStart = process.cpuUsage();
  const watch = watchEventLoop();
  const started = performance.now();
  const outcome = await retrainProject({ db, projectId, trigger: "manual", onWriteStart: watch.markWrite });
  const wallMs = performance.now() - started;
  const loop = watch.stop();
  const cpu = process.cpuUsage(cpuStart);
  emit({
    run,
    items: itemCount,
    labels: outcome.trainedOn,
    features: outcome.features,
    cold_start: outcome.coldStart,
    wall_ms: Math.round(wallMs),
    longest_stall_ms: loop.all.longestStallMs,
    longest_stall_cpu_ms: loop.all.longestStallCpuMs,
    top_stalls: loop.all.topStalls,
    stalls_over_50ms: loop.all.stallsOver50Ms,
    stalls_over_100ms: loop.all.stallsOver100Ms,
    loop_delay_max_ms: loop.loopDelayMaxMs,
    loop_delay_p99_ms: loop.loopDelayP99Ms,
    // The write of the results (version, scores, queue ranks) on its own.
    write_ms: loop.write.writeMs,
    write_longest_stall_ms: loop.write.longestStallMs,
    write_longest_stall_cpu_ms: loop.write.longestStallCpuMs,
    write_top_stalls: loop.write.topStalls,
    write_stalls_over_50ms: loop.write.stallsOver50Ms,
    // Wall time above; CPU time and the load average show how much the shared machine interfered.
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    load_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
  });
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

function time<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: Math.round(performance.now() - started) };
}

/** Each building block of a retrain on its own, uncut, so the figures show where the time goes. */
async function breakdown(db: Db, projectId: string): Promise<void> {
  const inputs = await timeAsync(async () => (await rankingInputs({ db, projectId }))!);
  const itemIds = inputs.value.items.map((item) => item.id);
  const texts = await timeAsync(async () => await itemTexts({ db, projectId, itemIds }));
  const hashing = time(() => texts.value.map((item) => hashedFeatures(item.text)));
  const features: FeatureMatrix = sparseFeatureMatrix(hashing.value, hashedFeatureDimension());
  const rowOf = new Map(itemIds.map((id, row) => [id, row]));
  const labelIndex = new Map(inputs.value.labelNames.map((name, index) => [name, index]));
  const examples: TrainingExample[] = inputs.value.resolved.map((r) => ({
    key: r.itemId,
    row: rowOf.get(r.itemId) as number,
    labels: [labelIndex.get(r.labels[0] as string) as number],
  }));
  if (examples.length === 0) {
    emit({ run: "breakdown", rows: itemIds.length, ranking_inputs_ms: inputs.ms, item_texts_ms: texts.ms, hashing_ms: hashing.ms });
    return;
  }
  const numClasses = inputs.value.labelNames.length;
  const train = time(() =>
    trainClassifier(
      { ...features, rows: examples.length, vectors: examples.map((e) => hashing.value[e.row]!) },
      { kind: "single-label", numClasses, labels: examples.map((e) => e.labels[0] as number) },
    ),
  );
  const heldOut = time(() => evaluateHeldOut({ features, examples, multiLabel: false, numClasses }));
  const scoring = time(() => rescore(train.value, features, { strategy: "margin", keepProbabilities: true }));
  const serialized = time(() => JSON.stringify(serializeModel(train.value)));
  const previous = await timeAsync(async () => deserializeModel((await classifierModel({ db, projectId }))!.model as unknown as SerializedClassifierModel));
  const scores = itemIds.map((itemId, row) => ({
    itemId,
    predicted: [inputs.value.labelNames[scoring.value.predicted[row] as number] as string],
    confidence: 0.5,
    score: scoring.value.scores[row] as number,
    reason: {
      strategy: "margin",
      uncertainty: 0.5,
      exploration: false,
      boosts: { rareClass: 0, llmDisagreement: 0 },
      coldStart: false,
      diversityPick: null,
      position: row + 1,
    },
  }));
  // All of the write's small transactions straight through: its total cost, not a stall.
  const write = await timeAsync(async () =>
    runAsyncSteps(
      saveRankingSteps({
        db,
        projectId,
        version: { features: "hashed-ngrams", strategy: "margin", trainedOn: examples.length, metrics: {}, modelJson: serialized.value },
        scores,
        ranks: { itemIds, ranks: itemIds.map((_, k) => k + 1) },
      }),
    ),
  );
  emit({
    run: "breakdown",
    rows: itemIds.length,
    labels: examples.length,
    ranking_inputs_ms: inputs.ms,
    item_texts_ms: texts.ms,
    hashing_ms: hashing.ms,
    train_ms: train.ms,
    held_out_ms: heldOut.ms,
    rescore_ms: scoring.ms,
    serialize_model_ms: serialized.ms,
    model_json_kb: Math.round(serialized.value.length / 1024),
    read_previous_model_ms: previous.ms,
    save_ranking_ms: write.ms,
  });
}

const { source, records } = corpus();
const dir = mkdtempSync(path.join(tmpdir(), "goldset-bench-retrain-"));
try {
  const db = await openDatabase(path.join(dir, "bench.db"));
  const lead = await createUser({ db, email: "lead@bench", name: "lead", passwordHash: "x" });
  const annotator = await createUser({ db, email: "annotator@bench", name: "annotator", passwordHash: "x" });
  const project = await createProject({
    db,
    name: "AG News",
    slug: "agnews",
    taskType: "single_label",
    labelDefs: TOPICS.map((name) => ({ name })),
    createdBy: lead.id,
  });
  await importItems({
    db,
    projectId: project.id,
    fileName: "dev.tsv",
    format: "jsonl",
    actorId: lead.id,
    records: records.map((record, i) => ({ externalId: `n${i + 1}`, text: record.text, metadata: {}, contentHash: `h${i + 1}` })),
  });
  const itemIds = await inputsItemIds(db, project.id);
  if (useEmbeddings) {
    const { encoderModel } = await getRankingSettings({ db, projectId: project.id });
    const rows = itemIds.map((itemId) => ({
      itemId,
      bytes: encodeEmbeddings(
        Float32Array.from({ length: dim }, () => random.next() * 2 - 1),
        dim,
        "int8",
      ),
    }));
    await storeEmbeddings({ db, projectId: project.id, modelId: encoderModel, userId: null, encoding: "int8", dim, rows });
  }
  const order = shuffleInPlace(Uint32Array.from(itemIds.keys()), random);
  let labelled = 0;
  const label = async (count: number) => {
    for (const end = labelled + count; labelled < end && labelled < order.length; labelled++) {
      const row = order[labelled] as number;
      await submitAnnotation({
        db,
        projectId: project.id,
        annotatorId: annotator.id,
        input: {
          id: randomUUID(),
          itemId: itemIds[row] as number,
          labels: [records[row]!.topic],
          notSure: false,
          suggestionShown: false,
          rejectedSuggestion: false,
        },
      });
    }
  };
  emit({ run: "setup", source, items: itemIds.length, features: useEmbeddings ? `embeddings (random int8, dim ${dim})` : "hashed" });

  await label(labelCount);
  await timedRetrain(db, project.id, "first-after-restart");
  await label((await getRankingSettings({ db, projectId: project.id })).retrainEvery);
  await timedRetrain(db, project.id, "next-retrain");
  if (!useEmbeddings) await breakdown(db, project.id);
  db.$client.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function inputsItemIds(db: Db, projectId: string): Promise<number[]> {
  return ((await rankingInputs({ db, projectId }))?.items ?? []).map((item) => item.id);
}
