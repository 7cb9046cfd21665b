// What a lead waits for in the data browser, over HTTP against the production build (run `npm run
// build` first): a project of --items items (default 1,000,000) with labels on a tenth of them,
// and the items route (GET /api/projects/[slug]/items: session, role check, page query) timed
// whole for a set of filter combinations with and without a search term, and beside it the count
// route (…/items/count, the capped count the page streams in after the rows).
// Seeded like bench/next-item.ts (importItems), then annotations, resolutions and skips written
// in bulk for a fraction of the items, as the app would have left them; for the filters of issue
// 14 also LLM suggestions the annotators took or changed, a live classifier version's scores and
// queue ranks, an export snapshot with splits, and a metadata field.
// Usage: npm run bench:browse [-- --items 1000000 --requests 20 --port 3231 --db sqlite|pg]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import { openBenchDatabase } from "./bench-database";
import { startBenchServers } from "./bench-server";
import { signInOverHttp } from "./http-sign-in";
import { annotations, exportSnapshotRecords, exportSnapshots, itemResolutions, itemScores, items, projects, skips, suggestions } from "@/db/schema";
import type { ExportRecord } from "@/lib/export/export-record";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { listItemImportBatches } from "@/db/queries/item-browser";
import { setMemberRole } from "@/db/queries/memberships";
import { hashPassword } from "@/lib/auth/password";
import { rawExec } from "@/db/raw-sql";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "1000000" },
    requests: { type: "string", default: "20" },
    port: { type: "string", default: "3231" },
  },
});
const itemCount = Number(values.items);
const requests = Number(values.requests);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "bench-password-1";
const CHUNK = 1000;
// Every word of TOPICS is in 2% of the items, every word of PLACES in 0.5%; "free" in all of them.
const TOPICS = Array.from({ length: 50 }, (_, k) => `topic${k}`);
const PLACES = Array.from({ length: 200 }, (_, k) => `place${k}`);

const bench = await openBenchDatabase("browse");
const db = bench.db;
const passwordHash = await hashPassword(PASSWORD);
const lead = await createUser({ db, email: "lead@bench.test", name: "lead", passwordHash });
const project = await createProject({
  db,
  name: "Bench",
  slug: "bench",
  taskType: "single_label",
  // c is the minority class (one labelled item in a hundred), as imbalanced projects have.
  labelDefs: [{ name: "a" }, { name: "b" }, { name: "c" }],
  overlap: 2,
  createdBy: lead.id,
});
const projectId = project.id;
const annotators = await Promise.all(
  Array.from({ length: 5 }, async (_, k) => {
    const u = await createUser({ db, email: `a${k}@bench.test`, name: `a${k}`, passwordHash: "x" });
    await setMemberRole({ db, projectId, userId: u.id, role: "annotator", actorId: null });
    return u.id;
  }),
);

let started = performance.now();
await importItems({
  db,
  projectId,
  fileName: "gen.jsonl",
  format: "jsonl",
  actorId: lead.id,
  records: Array.from({ length: itemCount }, (_, i) => ({
    externalId: `i${i}`,
    text: `Message number ${i} about ${TOPICS[i % TOPICS.length]} near ${PLACES[(i * 31) % PLACES.length]}: are you free tonight?`,
    // A third of the items from the web, the rest by SMS.
    metadata: { source: i % 3 === 0 ? "web" : "sms" },
    contentHash: `h${i}`,
  })),
});
// A small late batch with a word found nowhere else: the rare search and the batch filter.
await importItems({
  db,
  projectId,
  fileName: "late.jsonl",
  format: "jsonl",
  actorId: lead.id,
  records: Array.from({ length: 1000 }, (_, i) => ({ externalId: `late${i}`, text: `Late zeppelin sighting ${i}, free entry`, metadata: {}, contentHash: `late${i}` })),
});
console.error(`seeded ${itemCount + 1000} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Every 10th item labelled by two annotators and closed (a on every 20th item, the minority c on one
// in a hundred labelled, b on the rest); every 7th of those split (in review),
// every 50th of those not sure; every 100th item skipped. Every 30th item has an LLM suggestion
// its first annotator took (and a split's second changed), and every labelled item is frozen in
// one export snapshot, split 80/10/10 by id.
started = performance.now();
const idRows = await db.select({ id: items.id }).from(items).where(and(eq(items.projectId, projectId), sql`${items.id} % 10 = 0`));
const labelled = idRows.map((r) => r.id);
const now = new Date();
for (let start = 0; start < labelled.length; start += CHUNK) {
  const chunk = labelled.slice(start, start + CHUNK);
  await db.transaction(async (tx) => {
    const suggested = new Map<number, number>();
    const withSuggestion = chunk.filter((itemId) => itemId % 30 === 0);
    if (withSuggestion.length > 0) {
      for (const row of await tx
        .insert(suggestions)
        .values(withSuggestion.map((itemId) => ({ projectId, itemId, sourceKind: "llm" as const, modelName: "bench-llm", labels: [itemId % 20 === 0 ? "a" : "b"], status: "ok" as const })))
        .returning({ id: suggestions.id, itemId: suggestions.itemId }))
        suggested.set(row.itemId, row.id);
    }
    const annotationRows = [];
    const resolutionRows = [];
    for (const itemId of chunk) {
      // Labelled ids are multiples of 10: their tens spread the pairs over all five annotators.
      const first = annotators[(itemId / 10) % 5]!;
      const second = annotators[(itemId / 10 + 1) % 5]!;
      const split = itemId % 70 === 0;
      const notSure = itemId % 500 === 0;
      const label = itemId % 1000 === 10 ? "c" : itemId % 20 === 0 ? "a" : "b";
      const other = split ? (label === "b" ? "a" : "b") : label;
      const suggestionId = suggested.get(itemId) ?? null;
      const answered = (action: "accepted" | "changed") => (suggestionId === null ? {} : { suggestionId, suggestionShown: true, suggestionAction: action });
      annotationRows.push({ id: randomUUID(), projectId, itemId, annotatorId: first, labels: [label], notSure, ...answered("accepted") });
      annotationRows.push({ id: randomUUID(), projectId, itemId, annotatorId: second, labels: [other], ...answered(split ? "changed" : "accepted") });
      resolutionRows.push({
        itemId,
        projectId,
        method: split ? ("unresolved" as const) : ("unanimous" as const),
        labels: split ? [] : [label],
        agreement: split ? 0.5 : 1,
        annotators: 2,
        notSure: notSure ? 1 : 0,
        reviewNeed: split || notSure ? 1 : 0,
        reviewReasons: [...(split ? ["disagreement"] : []), ...(notSure ? ["not_sure"] : [])],
        updatedAt: now,
      });
    }
    await tx.insert(annotations).values(annotationRows);
    await tx.insert(itemResolutions).values(resolutionRows);
    // Closed a chunk at a time: each closed item moves the project's one project_counts row by
    // trigger, and PostgreSQL slows down sharply when one transaction updates a row 100,000 times.
    await tx
      .update(items)
      .set({ open: false, labelledBy: 2 })
      .where(and(eq(items.projectId, projectId), inArray(items.id, chunk)));
  });
}
const skipped = (await db.select({ id: items.id }).from(items).where(and(eq(items.projectId, projectId), sql`${items.id} % 100 = 7`))).map((r) => r.id);
for (let start = 0; start < skipped.length; start += CHUNK)
  await db.insert(skips).values(skipped.slice(start, start + CHUNK).map((itemId) => ({ projectId, itemId, userId: annotators[itemId % 5]!, reason: "bench" })));
console.error(`labelled ${labelled.length} items, skipped ${skipped.length}, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const batchId = (await listItemImportBatches({ db, projectId }))[0]!.id;

// A live classifier version scoring every 4th item (uncertainty spread evenly over [0, 1)), the
// queue ranks it would leave (a scatter over the items; reduced first so that the product fits
// PostgreSQL's 32-bit integer), and one export snapshot.
started = performance.now();
const scoredIds = (await db.select({ id: items.id }).from(items).where(and(eq(items.projectId, projectId), sql`${items.id} % 4 = 0`))).map((r) => r.id);
for (let start = 0; start < scoredIds.length; start += CHUNK) {
  await db.insert(itemScores).values(
    scoredIds.slice(start, start + CHUNK).map((itemId) => ({
      itemId,
      projectId,
      classifierVersion: 1,
      predicted: ["a"],
      confidence: 0.5,
      score: (itemId % 1000) / 1000,
      reason: { strategy: "margin", uncertainty: (itemId % 1000) / 1000 },
    })),
  );
}
await db.update(items).set({ queueRank0: sql`((${items.id} % 100003) * 7919) % 100003` }).where(eq(items.projectId, projectId));
await db.update(projects).set({ classifierVersion: 1 }).where(eq(projects.id, projectId));
const snapshotId = (
  await db
    .insert(exportSnapshots)
    .values({ projectId, name: "bench", rules: {} as SnapshotRules, labelSetVersion: 1, counts: {} as SnapshotCounts })
    .returning({ id: exportSnapshots.id })
)[0]!.id;
const splitOf = (itemId: number) => (itemId % 100 < 80 ? "train" : itemId % 100 < 90 ? "validation" : "test");
for (let start = 0; start < labelled.length; start += CHUNK) {
  await db.insert(exportSnapshotRecords).values(
    labelled.slice(start, start + CHUNK).map((itemId) => ({ snapshotId, itemId, record: { id: `i${itemId}`, text: "", labels: ["a"], split: splitOf(itemId) } as ExportRecord })),
  );
}
console.error(`scored ${scoredIds.length} items, froze ${labelled.length} in a snapshot, in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// A PostgreSQL deployment has been vacuumed and analyzed (autovacuum) since its rows arrived; this
// one has just been written, and autovacuum would otherwise work through the million updated rows
// while the views are timed. SQLite is left as the app leaves it: the app runs no ANALYZE, so its
// planner works without statistics there too.
if (bench.dialect === "postgres") {
  started = performance.now();
  await rawExec(db, "vacuum analyze");
  console.error(`vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const server = startBenchServers({ name: "browse", ports: [port], env: bench.env });

type Answer = { items?: unknown[]; nextQuery?: string | null; n?: number; more?: boolean };

async function get(query: string, cookie: string, route: "items" | "items/count" = "items"): Promise<{ ms: number; body: Answer }> {
  const t = performance.now();
  const response = await fetch(`${base}/api/projects/bench/${route}?${query}`, { headers: { cookie } });
  const body = (await response.json()) as Answer;
  const ms = performance.now() - t;
  if (!response.ok) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const COMBINATIONS: [string, string][] = [
  ["everything", ""],
  ["status open", "status=open"],
  ["status in review", "status=in_review"],
  ["status skipped", "status=skipped"],
  ["final label a", "label=a"],
  ["annotator + their label", `annotator=${annotators[2]}&anyLabel=a`],
  ["late batch", `batch=${batchId}`],
  ["sort by agreement", "sort=agreement"],
  ["newest first, status labelled", "sort=-id&status=labelled"],
  ["search common word", "q=free"],
  ["search 2% word", "q=topic7"],
  ["search rare word", "q=zeppelin"],
  ["search 2% word + labelled", "q=topic9&status=labelled"],
  ["search 2% word + final label + annotator", `q=topic19&label=a&annotator=${annotators[2]}`],
  ["search hostile syntax", `q=${encodeURIComponent('"free* NEAR(-topic1')}`],
  ["agreement 0.4..0.6", "agreementMin=0.4&agreementMax=0.6"],
  ["suggestion llm", "suggestion=llm"],
  ["llm suggestion, humans disagreed", "suggestion=llm&humans=disagreed"],
  ["humans agreed + labelled", "humans=agreed&status=labelled"],
  ["uncertainty >= 0.99", "uncertaintyMin=0.99"],
  ["queue top 500", "queueTop=500"],
  ["queue top 100000, sort -id", "queueTop=100000&sort=-id"],
  ["snapshot, split test", `snapshot=${snapshotId}&split=test`],
  ["metadata source=web", "meta.source=web"],
  ["metadata source=web + search 2% word", "meta.source=web&q=topic7"],
  // Worst cases: a search matching every item with filters that together match none or few, so an
  // order-keeping walk reads the whole project to fill (or fail to fill) the page.
  ["search common word + skipped + final label a (none match)", "q=free&status=skipped&label=a"],
  ["search common word + not sure", "q=free&status=not_sure"],
  // Not-sure items are labelled a, or split and unresolved: none is labelled b.
  ["search common word + not sure + final label b (none match)", "q=free&status=not_sure&label=b"],
  // Items in review are split (no final label) or not sure (labelled a).
  ["search common word + annotator + in review + final label b (none match)", `q=free&annotator=${annotators[2]}&status=in_review&label=b`],
  // No item has source "mail". Label a is on 42,900 items, more than a list drives: the walk.
  ["search common word + final label a + metadata source=mail (none match)", "q=free&label=a&meta.source=mail"],
  // The minority label's 1,000 items are listed by the final labels' table, each tested.
  ["search common word + final label c + metadata source=mail (none match)", "q=free&label=c&meta.source=mail"],
  // Neither an annotator's label nor metadata has an index that lists its items: the walk.
  ["search common word + any label a + metadata source=mail (none match, no index)", "q=free&anyLabel=a&meta.source=mail"],
];

try {
  await server.waitUntilUp();
  const cookie = await signInOverHttp(base, "lead@bench.test", PASSWORD);
  const runs: [string, string][] = [...COMBINATIONS];
  // Page 2 of two views, through the cursor the first page gave.
  for (const [name, query] of [COMBINATIONS[1]!, COMBINATIONS[10]!]) {
    const first = await get(query, cookie);
    if (first.body.nextQuery) runs.push([`${name}, page 2`, first.body.nextQuery]);
  }
  const time = async (query: string, route: "items" | "items/count") => {
    const timings: number[] = [];
    let last: Answer | undefined;
    for (let r = -2; r < requests; r++) {
      const { ms, body } = await get(query, cookie, route);
      if (r >= 0) timings.push(ms);
      last = body;
    }
    const sorted = timings.sort((x, y) => x - y);
    return { last: last!, p50: Number(percentile(sorted, 50).toFixed(1)), p95: Number(percentile(sorted, 95).toFixed(1)), n: sorted.length };
  };
  for (const [name, query] of runs) {
    // The page's rows and, asked apart (the page streams it in after the rows), the capped count.
    const rows = await time(query, "items");
    const counted = await time(query.replace(/(^|&)after=[^&]*/, ""), "items/count");
    console.log(
      JSON.stringify({
        bench: "browse_request",
        db: bench.dialect,
        items: itemCount + 1000,
        view: name,
        rows: rows.last.items?.length,
        requests: rows.n,
        p50_ms: rows.p50,
        p95_ms: rows.p95,
        count: counted.last.more ? ">10000" : counted.last.n,
        count_p50_ms: counted.p50,
        count_p95_ms: counted.p95,
      }),
    );
  }
} finally {
  server.stop();
  await bench.close();
}
