// Throughput under load, over HTTP against the production build (run `npm run build` first):
// --annotators simulated annotators (default 50) label a project of --items items (default 20,000,
// overlap 2) as fast as the server answers, for --seconds, against --instances `next start`
// servers on loopback (2 only on PostgreSQL: the annotators are split between them). Each
// annotator does what the annotate view does: asks the queue route for the next item (holding the
// one it has prefetched), posts its label, and after one submission in ten takes it back through
// the undo route and labels the item again. The project keeps its default background schedule
// (retrain every 20 labels, Dawid–Skene refit every 50) unless `--background off`.
//
// Prints submits/s and next-item, submit and undo latency percentiles, and the servers' ceiling on
// a route that does nothing (GET /api/ping at the same concurrency), then checks the database:
// no item over its overlap, no annotator twice on an item, every acknowledged submit stored, the
// queue and project counters in step with the annotations, the database's own integrity check, and
// no request answered with a server error. Each check prints as JSON; one failing exits non-zero.
// Times are printed, never asserted.
// Usage: npm run bench:load [-- --db sqlite|pg --items 20000 --annotators 50 --seconds 20 --instances 1|2 --port 3300 --background on|off --profile DIR]
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openBenchDatabase } from "./bench-database";
import { startBenchServers } from "./bench-server";
import { signInOverHttp } from "./http-sign-in";
import { rawRow, rawRows } from "@/db/raw-sql";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { saveReviewSettings } from "@/db/queries/review-settings";
import { hashPassword } from "@/lib/auth/password";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "20000" },
    annotators: { type: "string", default: "50" },
    seconds: { type: "string", default: "20" },
    instances: { type: "string", default: "1" },
    port: { type: "string", default: "3300" },
    background: { type: "string", default: "on" },
    // A folder for the servers' V8 CPU profiles (node --cpu-prof), written when they stop.
    profile: { type: "string" },
  },
});

function positiveInteger(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}, not ${value}`);
    process.exit(2);
  }
  return n;
}
const itemCount = positiveInteger("items", values.items, 10_000_000);
const annotatorCount = positiveInteger("annotators", values.annotators, 1_000);
const seconds = positiveInteger("seconds", values.seconds, 3_600);
const instanceCount = positiveInteger("instances", values.instances, 2);
const firstPort = positiveInteger("port", values.port, 65_534);
if (values.background !== "on" && values.background !== "off") {
  console.error(`--background must be on or off, not ${values.background}`);
  process.exit(2);
}
const background = values.background;
const UNDO_SHARE = 0.1;
const OVERLAP = 2;
const PASSWORD = "bench-password-1";

const bench = await openBenchDatabase("load");
if (instanceCount > 1 && bench.dialect !== "postgres") {
  console.error("--instances 2 needs PostgreSQL (--db pg): SQLite is one file on one machine, served by one process");
  await bench.close();
  process.exit(2);
}
const db = bench.db;
console.log(JSON.stringify({ bench: "load", db: bench.dialect, instances: instanceCount, items: itemCount, annotators: annotatorCount, seconds, background }));

// ---- Seed -------------------------------------------------------------------------------------

const lead = await createUser({ db, email: "lead@bench.test", name: "lead", passwordHash: "x" });
const project = await createProject({
  db,
  name: "Bench",
  slug: "bench",
  taskType: "single_label",
  labelDefs: [{ name: "a" }, { name: "b" }],
  overlap: OVERLAP,
  createdBy: lead.id,
});
const seedStart = performance.now();
const CHUNK = 50_000;
for (let from = 0; from < itemCount; from += CHUNK) {
  await importItems({
    db,
    projectId: project.id,
    fileName: "gen",
    format: "jsonl",
    actorId: null,
    records: Array.from({ length: Math.min(CHUNK, itemCount - from) }, (_, k) => ({
      externalId: `i${from + k}`,
      text: `Benchmark message number ${from + k}: are you free tonight?`,
      metadata: {},
      contentHash: `h${from + k}`,
    })),
  });
}
console.error(`seeded ${itemCount} items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
if (background === "off") {
  await saveRankingSettings({ db, projectId: project.id, actorId: null, changes: { retrainEvery: 10_000 } });
  await saveReviewSettings({ db, projectId: project.id, actorId: null, changes: { dawidSkeneEvery: 100_000 } });
}
const passwordHash = await hashPassword(PASSWORD);

type Annotator = { id: string; email: string; base: string; cookie: string; holding: number[] };
const bases = Array.from({ length: instanceCount }, (_, k) => `http://127.0.0.1:${firstPort + k}`);
const annotators: Annotator[] = [];
for (let k = 0; k < annotatorCount; k++) {
  const email = `a${k}@bench.test`;
  const user = await createUser({ db, email, name: `a${k}`, passwordHash });
  await setMemberRole({ db, projectId: project.id, userId: user.id, role: "annotator", actorId: null });
  annotators.push({ id: user.id, email, base: bases[k % instanceCount]!, cookie: "", holding: [] });
}

// ---- Servers ----------------------------------------------------------------------------------

const servers = startBenchServers({ name: "load", ports: bases.map((_, k) => firstPort + k), env: bench.env, ...(values.profile ? { profileDir: values.profile } : {}) });
// Bounded in time whatever happens: seeding is done, so the rest (start, warm-up, run, checks) has
// this long before the servers are stopped and the bench fails.
const hardLimit = setTimeout(
  () => {
    console.error("bench:load: over its time limit; stopping");
    process.exit(1);
  },
  (seconds + 300) * 1000,
);
hardLimit.unref();

// ---- HTTP -------------------------------------------------------------------------------------

async function signIn(a: Annotator): Promise<string> {
  return signInOverHttp(a.base, a.email, PASSWORD);
}

type Answer = { ms: number; status: number; json: Record<string, unknown> };

/** Answers with status 0 when the request itself failed (connection refused or reset). */
async function post(a: Annotator, path: string, body: unknown): Promise<Answer> {
  const t = performance.now();
  try {
    const response = await fetch(`${a.base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: a.cookie, origin: a.base },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { ms: performance.now() - t, status: response.status, json };
  } catch (error) {
    return { ms: performance.now() - t, status: 0, json: { error: String(error) } };
  }
}

// ---- The run ----------------------------------------------------------------------------------

type Tally = { nextItem: number[]; submit: number[]; undo: number[] };
const acknowledged: { id: string; itemId: number; annotatorId: string }[] = [];
const refusals = new Map<string, number>();
const serverErrors: string[] = [];
let submits = 0;
let undos = 0;
let emptyQueue = 0;

function noteFailure(route: string, answer: Answer): void {
  const key = `${route} ${answer.status} ${String(answer.json.error ?? "")}`;
  refusals.set(key, (refusals.get(key) ?? 0) + 1);
  if (answer.status === 0 || answer.status >= 500) serverErrors.push(`${key}: ${String(answer.json.message ?? answer.json.error ?? "")}`);
}

async function label(a: Annotator, itemId: number, tally: Tally | null, counted: boolean): Promise<boolean> {
  const id = randomUUID();
  const answer = await post(a, "/api/projects/bench/annotations", {
    id,
    itemId,
    labels: [Math.random() < 0.7 ? "a" : "b"],
    notSure: false,
    suggestionShown: false,
    rejectedSuggestion: false,
  });
  tally?.submit.push(answer.ms);
  if (answer.status !== 201) {
    noteFailure("annotations", answer);
    return false;
  }
  acknowledged.push({ id, itemId, annotatorId: a.id });
  if (counted) submits++;
  return true;
}

/** One step of the annotate view: next item (keeping one prefetched), label it, sometimes undo and relabel. */
async function step(a: Annotator, tally: Tally | null, counted: () => boolean): Promise<void> {
  const queued = await post(a, "/api/projects/bench/queue", { count: 2 - a.holding.length, holding: a.holding });
  tally?.nextItem.push(queued.ms);
  if (queued.status !== 200) {
    noteFailure("queue", queued);
    return;
  }
  a.holding = [...a.holding, ...(queued.json.items as { id: number }[]).map((item) => item.id)];
  const itemId = a.holding.shift();
  if (itemId === undefined) {
    emptyQueue++;
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  if (!(await label(a, itemId, tally, counted()))) return;
  if (Math.random() >= UNDO_SHARE) return;
  const undone = await post(a, "/api/projects/bench/undo", {});
  tally?.undo.push(undone.ms);
  if (undone.status !== 200) {
    noteFailure("undo", undone);
    return;
  }
  if (counted()) undos++;
  // The undone item is leased back and shown again; the annotator labels it anew.
  await label(a, (undone.json.item as { id: number }).id, tally, counted());
}

/**
 * CPU time a server process has used so far (Linux /proc; NaN elsewhere). Per submit it is a figure
 * that other load on a shared machine disturbs far less than submits/s.
 */

/**
 * The framework's own ceiling on the same servers in the same run: as many clients as annotators
 * asking /api/ping (a route that does nothing) as fast as it answers, for PING_SECONDS. A submit
 * takes at least two requests (next item, label), so submits/s cannot pass half of this.
 */
const PING_SECONDS = 5;
async function pingCeiling(): Promise<{ requests_per_s: number; server_cpu_ms_per_request: number }> {
  let answered = 0;
  const cpuBefore = servers.cpuMs();
  const start = performance.now();
  const deadline = start + PING_SECONDS * 1000;
  await Promise.all(
    annotators.map(async (a) => {
      while (performance.now() < deadline) {
        const response = await fetch(`${a.base}/api/ping`);
        await response.arrayBuffer();
        if (response.ok) answered++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpu = servers.cpuMs().reduce((sum, after, k) => sum + after - cpuBefore[k]!, 0);
  return { requests_per_s: Number((answered / elapsed).toFixed(1)), server_cpu_ms_per_request: Number((cpu / answered).toFixed(2)) };
}

const tally: Tally = { nextItem: [], submit: [], undo: [] };
let elapsedS = 0;
let serverCpuMs = NaN;
let ceiling: Awaited<ReturnType<typeof pingCeiling>> | null = null;
try {
  await servers.waitUntilUp();
  for (const a of annotators) a.cookie = await signIn(a);
  // Warm-up, not counted: every route loaded and every connection open.
  await Promise.all(annotators.map((a) => step(a, null, () => false)));
  const cpuBefore = servers.cpuMs();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    annotators.map(async (a) => {
      while (performance.now() < deadline) await step(a, tally, () => performance.now() < deadline);
    }),
  );
  elapsedS = (performance.now() - start) / 1000;
  serverCpuMs = servers.cpuMs().reduce((sum, after, k) => sum + after - cpuBefore[k]!, 0);
  ceiling = await pingCeiling();
} finally {
  servers.stop();
}
// The checks read a database no server writes to any more (and a profile is written on exit).
await servers.exited();

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function latency(name: string, timings: number[]) {
  const sorted = [...timings].sort((x, y) => x - y);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    bench: "load",
    request: name,
    db: bench.dialect,
    instances: instanceCount,
    items: itemCount,
    annotators: annotatorCount,
    calls: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p90_ms: round(percentile(sorted, 90)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
  };
}
console.log(
  JSON.stringify({
    bench: "load",
    db: bench.dialect,
    instances: instanceCount,
    items: itemCount,
    annotators: annotatorCount,
    background,
    seconds: Number(elapsedS.toFixed(1)),
    submits,
    submits_per_s: Number((submits / elapsedS).toFixed(1)),
    undos,
    server_cpu_ms_per_submit: Number((serverCpuMs / submits).toFixed(2)),
    empty_queue_answers: emptyQueue,
    refusals: Object.fromEntries(refusals),
    server_log: servers.logPath,
    server_log_errors: (readFileSync(servers.logPath, "utf8").match(/^Error: /gm) ?? []).length,
  }),
);
console.log(JSON.stringify(latency("next_item", tally.nextItem)));
console.log(JSON.stringify(latency("submit", tally.submit)));
console.log(JSON.stringify(latency("undo", tally.undo)));
console.log(
  JSON.stringify({
    bench: "load",
    request: "ping_ceiling",
    db: bench.dialect,
    instances: instanceCount,
    clients: annotatorCount,
    ...ceiling,
    note: "GET /api/ping (does nothing) on the same servers after the run: submits/s cannot pass half of requests_per_s",
  }),
);

// ---- Checks -----------------------------------------------------------------------------------

type Check = { check: string; ok: boolean } & Record<string, unknown>;
const checks: Check[] = [];
const n = (v: unknown) => Number(v ?? 0);
// The annotations nothing supersedes: the labels in force.
const CURRENT_LABELS = `select a.item_id, a.annotator_id from annotations a
  where a.project_id = ? and a.kind = 'label' and not exists (select 1 from annotations s where s.supersedes_id = a.id)`;

{
  const over = await rawRows(
    db,
    `select i.id, count(c.item_id) as labels, i.extra_annotations as extra from items i join (${CURRENT_LABELS}) c on c.item_id = i.id
     group by i.id, i.extra_annotations having count(c.item_id) > ? + i.extra_annotations`,
    project.id,
    OVERLAP,
  );
  checks.push({ check: "no_item_over_overlap", ok: over.length === 0, overlap: OVERLAP, items_over: over.length, examples: over.slice(0, 5) });
}
{
  const twice = await rawRows(
    db,
    `select c.item_id, c.annotator_id, count(*) as labels from (${CURRENT_LABELS}) c group by c.item_id, c.annotator_id having count(*) > 1`,
    project.id,
  );
  checks.push({ check: "no_annotator_twice_on_an_item", ok: twice.length === 0, pairs: twice.length, examples: twice.slice(0, 5) });
}
{
  const stored = new Map<string, { item_id: unknown; annotator_id: unknown }>();
  for (let from = 0; from < acknowledged.length; from += 500) {
    const ids = acknowledged.slice(from, from + 500).map((s) => s.id);
    const rows = await rawRows<{ id: string; item_id: unknown; annotator_id: unknown }>(
      db,
      `select id, item_id, annotator_id from annotations where kind = 'label' and id in (${ids.map(() => "?").join(", ")})`,
      ...ids,
    );
    for (const row of rows) stored.set(row.id, row);
  }
  const missing = acknowledged.filter((s) => {
    const row = stored.get(s.id);
    return !row || n(row.item_id) !== s.itemId || row.annotator_id !== s.annotatorId;
  });
  checks.push({ check: "every_acknowledged_submit_stored", ok: missing.length === 0, acknowledged: acknowledged.length, missing: missing.length, examples: missing.slice(0, 5) });
}
{
  // labelled_by and open drive the queue; project_counts drives every annotator's progress.
  const drift = await rawRows(
    db,
    `select i.id, i.labelled_by, coalesce(c.labels, 0) as labels from items i
     left join (select item_id, count(*) as labels from (${CURRENT_LABELS}) x group by item_id) c on c.item_id = i.id
     where i.project_id = ? and (i.labelled_by <> coalesce(c.labels, 0) or i.open <> (i.labelled_by < ? + i.extra_annotations))`,
    project.id,
    project.id,
    OVERLAP,
  );
  const counts = await rawRow(db, `select items, open_items from project_counts where project_id = ?`, project.id);
  const actual = await rawRow(db, `select count(*) as items, sum(case when open then 1 else 0 end) as open_items from items where project_id = ?`, project.id);
  const countsOk = n(counts?.items) === n(actual?.items) && n(counts?.open_items) === n(actual?.open_items);
  checks.push({
    check: "counters_match_annotations",
    ok: drift.length === 0 && countsOk,
    items_drifted: drift.length,
    examples: drift.slice(0, 5),
    project_counts: { items: n(counts?.items), open_items: n(counts?.open_items) },
    counted: { items: n(actual?.items), open_items: n(actual?.open_items) },
  });
}
if (bench.dialect === "sqlite") {
  const integrity = (await rawRows<{ integrity_check: string }>(db, "pragma integrity_check")).map((r) => r.integrity_check);
  const foreignKeys = await rawRows(db, "pragma foreign_key_check");
  checks.push({ check: "integrity_check", ok: integrity.join() === "ok" && foreignKeys.length === 0, integrity: integrity.slice(0, 5), foreign_key_violations: foreignKeys.length });
} else {
  // PostgreSQL enforces its constraints as it writes; amcheck verifies the B-tree indexes the
  // queue and the checks above read. A server without the extension says so rather than passing.
  try {
    await rawRows(db, "create extension if not exists amcheck");
    const indexes = await rawRows<{ name: string }>(
      db,
      `select c.relname as name from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am am on am.oid = c.relam
       join pg_namespace ns on ns.oid = c.relnamespace where am.amname = 'btree' and ns.nspname = 'public'`,
    );
    for (const index of indexes) await rawRows(db, `select bt_index_check('"${index.name}"'::regclass, true)`);
    checks.push({ check: "integrity_check", ok: true, btree_indexes_checked: indexes.length });
  } catch (error) {
    checks.push({ check: "integrity_check", ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
checks.push({ check: "no_server_errors", ok: serverErrors.length === 0, server_errors: serverErrors.length, examples: serverErrors.slice(0, 5) });

for (const check of checks) console.log(JSON.stringify(check));
await bench.close();
const failed = checks.filter((c) => !c.ok).map((c) => c.check);
if (failed.length > 0) {
  console.error(`bench:load: failed checks: ${failed.join(", ")}`);
  process.exit(1);
}
process.exit(0);
