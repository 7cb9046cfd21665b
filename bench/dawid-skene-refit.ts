// The app's Dawid–Skene job on a large project: fit the current ratings of a SQLite project
// (100,000 items × 5 annotators by default), store the model, and re-resolve every item, while
// measuring how long the event loop is ever held (the server keeps answering during a refit).
// Then the cost a single submission pays to score its item against the stored fit.
// Prints JSON lines; asserts nothing.
//   npx tsx --import ./scripts/server-only/register.mjs bench/dawid-skene-refit.ts [--items 100000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { openDatabase } from "@/db";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { importItems } from "@/db/queries/items";
import { submitAnnotation } from "@/db/queries/annotations";
import { saveReviewSettings } from "@/db/queries/review-settings";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { requestDawidSkeneRefit, type RefitResult } from "@/lib/aggregate/server/dawid-skene-refit";
import { simulateCrowd } from "@/lib/aggregate/simulate-crowd";

const { values } = parseArgs({ options: { items: { type: "string", default: "100000" } } });
const ITEMS = Number(values.items);
const classes = ["a", "b", "c", "d"];
const evenErrors = (accuracy: number) => classes.map((_, t) => classes.map((__, r) => (r === t ? accuracy : (1 - accuracy) / (classes.length - 1))));
const accuracies = [0.9, 0.8, 0.65, 0.45, 0.7];
const NEWCOMER_ITEMS = 200;

const dir = mkdtempSync(join(tmpdir(), "goldset-ds-bench-"));
const db = await openDatabase(join(dir, "bench.db"));
try {
  const project = await createProject({
    db,
    name: "DS bench",
    slug: "ds-bench",
    taskType: "single_label",
    labelDefs: classes.map((name) => ({ name })),
    overlap: 5,
  });
  await saveReviewSettings({ db, projectId: project.id, actorId: null, changes: { aggregation: "dawid-skene" } });
  await importItems({
    db,
    projectId: project.id,
    fileName: "bench.jsonl",
    format: "jsonl",
    actorId: null,
    records: Array.from({ length: ITEMS }, (_, i) => ({ externalId: `i${i}`, text: `item ${i}`, metadata: {}, contentHash: `h${i}` })),
  });
  const annotatorIds = await Promise.all(
    accuracies.map(async (_, n) => (await createUser({ db, email: `a${n}@bench.test`, name: `a${n}`, passwordHash: "x" })).id),
  );
  const crowd = simulateCrowd({
    itemCount: ITEMS,
    classes,
    classPriors: [0.4, 0.3, 0.2, 0.1],
    annotators: accuracies.map((accuracy, n) => ({ annotator: String(n), confusion: evenErrors(accuracy) })),
    seed: 7,
  });
  // Setup writes rows directly: going through the submit path 500,000 times is the annotate
  // bench's business, not this one's.
  const itemIds = (db.$client.prepare("select id from items where project_id = ? order by id").all(project.id) as { id: number }[]).map((r) => r.id);
  const insert = db.$client.prepare(
    "insert into annotations (id, project_id, item_id, annotator_id, kind, labels, created_at) values (?, ?, ?, ?, 'label', ?, ?)",
  );
  const setupStart = performance.now();
  let stored = 0;
  // The first NEWCOMER_ITEMS items lack the last annotator's label and stay open, so the newcomer
  // below completes them, as a fifth annotator would; the rest are closed with all five.
  db.$client.transaction(() => {
    for (const row of crowd.rows) {
      if (Number(row.item) < NEWCOMER_ITEMS && Number(row.annotator) === accuracies.length - 1) continue;
      stored++;
      insert.run(randomUUID(), project.id, itemIds[Number(row.item)]!, annotatorIds[Number(row.annotator)]!, JSON.stringify([row.label]), Date.now());
    }
    db.$client.prepare("update items set labelled_by = 5, open = 0 where project_id = ?").run(project.id);
    db.$client.prepare(`update items set labelled_by = 4, open = 1 where id in (${itemIds.slice(0, NEWCOMER_ITEMS).join(",")})`).run();
  })();
  console.log(
    JSON.stringify({
      bench: "dawid-skene-refit",
      phase: "setup",
      items: ITEMS,
      annotations: stored,
      seconds: +((performance.now() - setupStart) / 1000).toFixed(2),
    }),
  );

  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const start = performance.now();
  const job = await runJobHere({ db, jobId: (await requestDawidSkeneRefit({ db, projectId: project.id, trigger: "manual" })).id, kinds: APP_JOB_KINDS });
  const seconds = (performance.now() - start) / 1000;
  stalls.disable();
  const refit = job.result as RefitResult | null;
  if (refit?.status !== "fitted") throw new Error(`refit did not fit: ${JSON.stringify(job)}`);
  const resolved = db.$client
    .prepare(
      "select r.labels as labels, i.external_id as id from item_resolutions r join items i on i.id = r.item_id where r.project_id = ? and r.method = 'dawid-skene'",
    )
    .all(project.id) as { labels: string; id: string }[];
  const correct = resolved.filter((r) => JSON.parse(r.labels)[0] === crowd.truth[Number(r.id.slice(1))]).length;
  console.log(
    JSON.stringify({
      bench: "dawid-skene-refit",
      phase: "refit",
      items: ITEMS,
      annotations: stored,
      iterations: refit.fit.iterations,
      refreshed: refit.refreshed,
      seconds: +seconds.toFixed(2),
      longestStallMs: +(stalls.max / 1e6).toFixed(1),
      p99StallMs: +(stalls.percentile(99) / 1e6).toFixed(1),
      resolvedByModel: resolved.length,
      accuracyOfModelResolutions: +(correct / Math.max(1, resolved.length)).toFixed(4),
    }),
  );

  // A new annotator gives the NEWCOMER_ITEMS open items their fifth label: each submit re-resolves its item against the stored fit.
  const newcomer = (await createUser({ db, email: "new@bench.test", name: "new", passwordHash: "x" })).id;
  const times: number[] = [];
  for (let i = 0; i < NEWCOMER_ITEMS; i++) {
    const t0 = performance.now();
    await submitAnnotation({
      db,
      projectId: project.id,
      annotatorId: newcomer,
      input: { id: randomUUID(), itemId: itemIds[i]!, labels: ["a"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  console.log(
    JSON.stringify({
      bench: "dawid-skene-refit",
      phase: "submit-with-fit",
      submissions: times.length,
      p50Ms: +times[Math.floor(times.length / 2)]!.toFixed(2),
      p99Ms: +times[Math.floor(times.length * 0.99)]!.toFixed(2),
    }),
  );
} finally {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
