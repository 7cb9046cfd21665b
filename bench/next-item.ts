// Server-side time of the next-item query: 100,000 items, 10 annotators taking turns (as their
// requests interleave on the one server process), each asking for the next item with the one
// it holds, then labelling it. Overlap 2, so items stay open after a first label. With
// --retrains N, N random rankings are written first (db/queries/ranking-write.ts), so the queue
// reads rank column N % 2 and the scores of version N.
// Usage: npm run bench:next-item [-- --items 100000 --annotators 10 --rounds 300 --retrains 0]
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { submitAnnotation } from "@/db/queries/annotations";
import { saveRankingSteps } from "@/db/queries/ranking-write";
import { runSteps } from "@/lib/active-learning/steps";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    annotators: { type: "string", default: "10" },
    rounds: { type: "string", default: "300" },
    retrains: { type: "string", default: "0" },
  },
});
const itemCount = Number(values.items);
const annotatorCount = Number(values.annotators);
const rounds = Number(values.rounds);
const retrains = Number(values.retrains);

const dir = mkdtempSync(join(tmpdir(), "goldset-bench-next-"));
const db = openDatabase(join(dir, "bench.db"));
const lead = createUser({ db, email: "lead@bench", name: "lead", passwordHash: "x" });
const project = createProject({ db, name: "Bench", slug: "bench", taskType: "single_label", labelDefs: [{ name: "a" }, { name: "b" }], overlap: 2, createdBy: lead.id });
importItems({
  db,
  projectId: project.id,
  fileName: "gen",
  format: "jsonl",
  actorId: null,
  records: Array.from({ length: itemCount }, (_, i) => ({ externalId: `i${i}`, text: `text ${i}`, metadata: {}, contentHash: `h${i}` })),
});
for (let k = 0; k < retrains; k++) {
  const itemIds = Array.from({ length: itemCount }, (_, i) => i + 1);
  runSteps(
    saveRankingSteps({
      db,
      projectId: project.id,
      version: { features: "bench", strategy: "margin", trainedOn: 0, metrics: {}, modelJson: "{}" },
      scores: itemIds.map((itemId) => ({ itemId, predicted: ["a"], confidence: 0.5, score: 0.5, reason: {} })),
      ranks: { itemIds, ranks: itemIds.map(() => Math.random()) },
    }),
  );
}
const annotators = Array.from({ length: annotatorCount }, (_, k) => {
  const u = createUser({ db, email: `a${k}@bench`, name: `a${k}`, passwordHash: "x" });
  setMemberRole({ db, projectId: project.id, userId: u.id, role: "annotator", actorId: null });
  return { id: u.id, holding: [] as number[] };
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const timings: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const a of annotators) {
    const t = performance.now();
    const got = nextItemsForAnnotator({ db, projectId: project.id, userId: a.id, count: 2 - a.holding.length, holding: a.holding });
    timings.push(performance.now() - t);
    a.holding = [...a.holding, ...got.map((g) => g.id)];
    const current = a.holding.shift();
    if (current === undefined) continue;
    submitAnnotation({
      db,
      projectId: project.id,
      annotatorId: a.id,
      input: { id: randomUUID(), itemId: current, labels: [round % 3 ? "a" : "b"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
  }
}
timings.sort((x, y) => x - y);
console.log(
  JSON.stringify({
    bench: "next_item",
    items: itemCount,
    annotators: annotatorCount,
    retrains,
    calls: timings.length,
    p50_ms: Number(percentile(timings, 50).toFixed(3)),
    p99_ms: Number(percentile(timings, 99).toFixed(3)),
    max_ms: Number(timings[timings.length - 1]!.toFixed(3)),
  }),
);
db.$client.close();
rmSync(dir, { recursive: true, force: true });
