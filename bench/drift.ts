// Drift per import batch on a large project: 100,000 items by default in two batches (the second
// of other words and longer texts), 60% of the first resolved, then the import-drift job run to its
// end while measuring how long the event loop is ever held (the server keeps answering meanwhile).
// Prints JSON lines; asserts nothing.
//   npx tsx --import ./scripts/server-only/register.mjs bench/drift.ts [--items 100000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { requestDrift, type DriftResult } from "@/lib/drift/server/drift-job";
import { itemContentHash } from "@/lib/import/content-hash";
import { mulberry32Float } from "@/lib/random/mulberry32";

const { values } = parseArgs({ options: { items: { type: "string", default: "100000" } } });
const ITEMS = Number(values.items);
const FIRST = Math.round(ITEMS * 0.9);
const random = mulberry32Float(11);
const vocabulary = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}`);
const messages = vocabulary("m", 5000);
const reviews = vocabulary("r", 5000);
// Zipf-like word choice: a few words frequent, a long tail rare.
const pick = (words: string[]) => words[Math.floor(words.length * random() ** 3)]!;
const text = (words: string[], length: number) => Array.from({ length }, () => pick(words)).join(" ");

const dir = mkdtempSync(join(tmpdir(), "goldset-drift-bench-"));
const db = await openDatabase(join(dir, "bench.db"));
try {
  const project = await createProject({ db, name: "Drift bench", slug: "drift-bench", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 1 });
  const records = (from: number, to: number, words: string[], minWords: number) =>
    Array.from({ length: to - from }, (_, k) => {
      const t = `${from + k} ${text(words, minWords + Math.floor(random() * 10))}`;
      return { externalId: `i${from + k}`, text: t, metadata: {}, contentHash: itemContentHash(t) };
    });
  await importItems({ db, projectId: project.id, fileName: "messages.jsonl", format: "jsonl", actorId: null, records: records(0, FIRST, messages, 5) });
  await importItems({ db, projectId: project.id, fileName: "reviews.jsonl", format: "jsonl", actorId: null, records: records(FIRST, ITEMS, reviews, 15) });
  // Setup writes resolutions directly: labelling 54,000 items through the submit path is the
  // annotate bench's business, not this one's.
  const firstIds = (db.$client.prepare("select id from items where project_id = ? order by id limit ?").all(project.id, FIRST) as { id: number }[]).map((r) => r.id);
  const insert = db.$client.prepare(
    "insert into item_resolutions (item_id, project_id, method, labels, annotators, not_sure, updated_at) values (?, ?, 'single', ?, 1, 0, ?)",
  );
  db.$client.transaction(() => {
    for (const id of firstIds) if (random() < 0.6) insert.run(id, project.id, JSON.stringify([random() < 0.3 ? "spam" : "ham"]), Date.now());
  })();

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now();
  const job = await runJobHere({ db, jobId: (await requestDrift({ db, projectId: project.id })).id, kinds: APP_JOB_KINDS, pollMs: 10 });
  const ms = performance.now() - start;
  loop.disable();
  const result = job.result as DriftResult;
  console.log(JSON.stringify({ bench: "drift", items: ITEMS, resolved: result.resolvedItems, state: job.state, ms: Math.round(ms), loopMaxMs: Math.round(loop.max / 1e6), loopP99Ms: Math.round(loop.percentile(99) / 1e6), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
  for (const b of result.batches) {
    console.log(JSON.stringify({ batch: b.fileName, items: b.items, resolved: b.resolved, poolItems: b.poolItems, labelJs: b.labels.jsBits, ksD: b.length.ks?.d, oov: b.vocabulary.outOfVocabularyRate, topJs: b.vocabulary.topWordsJsBits, drifted: b.drifted }));
  }
} finally {
  await db.$close();
  rmSync(dir, { recursive: true, force: true });
}
