// What an annotator waits for, over HTTP against the production build (run `npm run build` first):
// a project of --items items (default 1,000,000), overlap 2, and --annotators annotators (default
// 10) taking turns, each asking the queue route for the next item (with the one it holds, as the
// annotate view does) and then posting its label to the annotations route. Both answers carry the
// annotator's progress, so both routes are timed whole: session, role check, queue, suggestion,
// write, progress. One warm-up round is not counted. Beside them, the floor: GET /api/ping, a route
// that does nothing, timed between the same requests.
//
// Side by side in the same run, on the same database: the progress counts as they were computed
// before project_counts (a scan of the project's open items per request, kept below as the
// baseline) and as they are now.
// Usage: npm run bench:next-item [-- --items 1000000 --annotators 10 --rounds 30 --port 3210 --background on|off --db sqlite|pg]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { and, count, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { openBenchDatabase } from "./bench-database";
import { startBenchServers } from "./bench-server";
import { signInOverHttp } from "./http-sign-in";
import { annotations, items, skips } from "@/db/schema";
import { isCurrentAnnotation } from "@/db/queries/current-annotations";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { saveReviewSettings } from "@/db/queries/review-settings";
import { annotatorProgress } from "@/db/queries/queue";
import { hashPassword } from "@/lib/auth/password";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "1000000" },
    annotators: { type: "string", default: "10" },
    rounds: { type: "string", default: "30" },
    port: { type: "string", default: "3210" },
    // "on": the project's default schedule of in-process retrains (every 20 labels) and
    // Dawid–Skene refits (every 50). "off": both pushed out of the run, so the figures are the
    // requests alone; the difference is what those jobs cost annotators until they leave the
    // request process.
    background: { type: "string", default: "on" },
  },
});
const itemCount = Number(values.items);
const annotatorCount = Number(values.annotators);
const rounds = Number(values.rounds);
const port = Number(values.port);
const background = values.background === "off" ? "off" : "on";
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "bench-password-1";

const bench = await openBenchDatabase("next-item");
const db = bench.db;
const lead = await createUser({ db, email: "lead@bench.test", name: "lead", passwordHash: "x" });
const project = await createProject({
  db,
  name: "Bench",
  slug: "bench",
  taskType: "single_label",
  labelDefs: [{ name: "a" }, { name: "b" }],
  overlap: 2,
  createdBy: lead.id,
});
const importStart = performance.now();
await importItems({
  db,
  projectId: project.id,
  fileName: "gen",
  format: "jsonl",
  actorId: null,
  records: Array.from({ length: itemCount }, (_, i) => ({
    externalId: `i${i}`,
    text: `Benchmark message number ${i}: are you free tonight?`,
    metadata: {},
    contentHash: `h${i}`,
  })),
});
console.error(`seeded ${itemCount} items in ${((performance.now() - importStart) / 1000).toFixed(1)} s`);
if (background === "off") {
  await saveRankingSettings({ db, projectId: project.id, actorId: null, changes: { retrainEvery: 10_000 } });
  await saveReviewSettings({ db, projectId: project.id, actorId: null, changes: { dawidSkeneEvery: 100_000 } });
}
const passwordHash = await hashPassword(PASSWORD);
const annotators = await Promise.all(
  Array.from({ length: annotatorCount }, async (_, k) => {
    const u = await createUser({ db, email: `a${k}@bench.test`, name: `a${k}`, passwordHash });
    await setMemberRole({ db, projectId: project.id, userId: u.id, role: "annotator", actorId: null });
    return { id: u.id, email: `a${k}@bench.test`, cookie: "", holding: [] as number[] };
  }),
);

const server = startBenchServers({ name: "next-item", ports: [port], env: bench.env });

async function signIn(email: string): Promise<string> {
  return signInOverHttp(base, email, PASSWORD);
}

async function post(path: string, cookie: string, body: unknown): Promise<{ ms: number; json: Record<string, unknown> }> {
  const t = performance.now();
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  const ms = performance.now() - t;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return { ms, json };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(name: string, timings: number[]) {
  const sorted = [...timings].sort((x, y) => x - y);
  return {
    bench: name,
    db: bench.dialect,
    background,
    items: itemCount,
    annotators: annotatorCount,
    calls: sorted.length,
    p50_ms: Number(percentile(sorted, 50).toFixed(2)),
    p99_ms: Number(percentile(sorted, 99).toFixed(2)),
    max_ms: Number(sorted[sorted.length - 1]!.toFixed(2)),
  };
}

/** The progress counts as every annotator request computed them before project_counts: the baseline. */
async function progressByScan({ db, projectId, userId }: { db: Executor; projectId: string; userId: string }) {
  const labelledByMe = sql`exists (select 1 from ${annotations} a where a.item_id = ${items.id} and a.annotator_id = ${userId}
    and a.kind = 'label' and not exists (select 1 from ${annotations} b where b.supersedes_id = a.id))`;
  const skippedByMe = sql`exists (select 1 from ${skips} s where s.item_id = ${items.id} and s.user_id = ${userId} and s.undone_at is null)`;
  const total = (await db.select({ n: count() }).from(items).where(eq(items.projectId, projectId)).limit(1))[0]?.n ?? 0;
  const done =
    (
      await db
        .select({ n: sql<number>`count(distinct ${annotations.itemId})` })
        .from(annotations)
        .where(and(eq(annotations.projectId, projectId), eq(annotations.annotatorId, userId), eq(annotations.kind, "label"), isCurrentAnnotation))
        .limit(1)
    )[0]?.n ?? 0;
  const remaining =
    (
      await db
        .select({ n: count() })
        .from(items)
        .where(and(eq(items.projectId, projectId), eq(items.open, true), sql`not ${labelledByMe}`, sql`not ${skippedByMe}`))
        .limit(1)
    )[0]?.n ?? 0;
  return { done, remaining, total };
}

const nextItem: number[] = [];
const submit: number[] = [];
// The floor under both: GET /api/ping, a route that does nothing, timed the same way between them.
const ping: number[] = [];
try {
  await server.waitUntilUp();
  for (const a of annotators) a.cookie = await signIn(a.email);
  for (let round = -1; round < rounds; round++) {
    for (const a of annotators) {
      const pingStart = performance.now();
      await (await fetch(`${base}/api/ping`)).arrayBuffer();
      const pingMs = performance.now() - pingStart;
      const queued = await post("/api/projects/bench/queue", a.cookie, { count: 2 - a.holding.length, holding: a.holding });
      a.holding = [...a.holding, ...(queued.json.items as { id: number }[]).map((item) => item.id)];
      const itemId = a.holding.shift();
      if (itemId === undefined) continue;
      const label = await post("/api/projects/bench/annotations", a.cookie, {
        id: randomUUID(),
        itemId,
        labels: [round % 3 ? "a" : "b"],
        notSure: false,
        suggestionShown: false,
        rejectedSuggestion: false,
      });
      if (round >= 0) {
        nextItem.push(queued.ms);
        submit.push(label.ms);
        ping.push(pingMs);
      }
    }
    console.error(`round ${round + 1} of ${rounds} done`);
  }
} finally {
  server.stop();
}
console.log(JSON.stringify(summary("next_item_request", nextItem)));
console.log(JSON.stringify(summary("submit_request", submit)));
console.log(JSON.stringify({ ...summary("http_floor_ping", ping), note: "GET /api/ping between the same requests: what any route costs on this machine" }));

const scan: number[] = [];
const counted: number[] = [];
for (const a of annotators) {
  for (let k = 0; k < 5; k++) {
    let t = performance.now();
    const before = await progressByScan({ db, projectId: project.id, userId: a.id });
    scan.push(performance.now() - t);
    t = performance.now();
    const now = await annotatorProgress({ db, projectId: project.id, userId: a.id });
    counted.push(performance.now() - t);
    if (JSON.stringify(before) !== JSON.stringify(now)) throw new Error(`progress differs: ${JSON.stringify({ before, now })}`);
  }
}
console.log(JSON.stringify({ ...summary("progress_baseline_scan", scan), note: "per request before project_counts" }));
console.log(JSON.stringify({ ...summary("progress_counted", counted), note: "per request now" }));
await bench.close();
