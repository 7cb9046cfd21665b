// How long other requests wait while a heavy background job runs, over HTTP against the production
// build (run `npm run build` first), as an annotator and a monitor would see it. A project of
// --items items (default 300,000), overlap 3, each item labelled by two imported annotators (apart
// on every seventh), so every job has the whole project to chew on; a third annotator, signed in,
// keeps asking the queue route for its next item. The lead starts each job through its route, one
// after the other: export snapshot creation, an export file write (JSONL), an agreement snapshot
// (with its bootstrap), a retrain and a Dawid–Skene refit. While the job runs, two loops time
// GET /api/ping and the annotator's POST /api/projects/bench/queue back to back; a line per job
// gives the longest and the median wait of each, with the job's own time. A first line measures
// the same loops with no job running, for comparison.
// Usage: npm run bench:stall [-- --items 300000 --port 3211 --db sqlite|pg --jobs retrain,dawid-skene-refit --profile DIR]
// --jobs runs only the named jobs (export-files needs export-snapshot); --profile writes the
// server's V8 CPU profile (node --cpu-prof) to DIR when it stops, to find what held the event loop.
import { parseArgs } from "node:util";
import { openBenchDatabase } from "./bench-database";
import { startBenchServers } from "./bench-server";
import { signInOverHttp } from "./http-sign-in";
import { importAnnotations } from "@/db/queries/annotation-import";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import type { AnnotationRow } from "@/lib/import/annotation-rows";
import type { JobView } from "@/lib/jobs/job-view";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "300000" },
    port: { type: "string", default: "3211" },
    // How long the idle baseline is measured.
    "baseline-ms": { type: "string", default: "3000" },
    jobs: { type: "string", default: "export-snapshot,export-files,agreement-snapshot,retrain,dawid-skene-refit" },
    profile: { type: "string" },
  },
});
const JOBS = ["export-snapshot", "export-files", "agreement-snapshot", "retrain", "dawid-skene-refit"];
const chosen = new Set(values.jobs.split(",").map((job) => job.trim()));
for (const job of chosen) {
  if (!JOBS.includes(job)) {
    console.error(`--jobs: ${job} is not one of ${JOBS.join(", ")}`);
    process.exit(2);
  }
}
const itemCount = Number(values.items);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "bench-password-1";
/** Rows per annotation import: one transaction each, so a large project is not one huge write. */
const IMPORT_CHUNK = 50_000;

const bench = await openBenchDatabase("stall");
const db = bench.db;
const passwordHash = await hashPassword(PASSWORD);
const lead = await createUser({ db, email: "lead@bench.test", name: "lead", passwordHash });
const annotator = await createUser({ db, email: "ann@bench.test", name: "ann", passwordHash });
const project = await createProject({
  db,
  name: "Bench",
  slug: "bench",
  taskType: "single_label",
  labelDefs: [{ name: "ham" }, { name: "spam" }],
  overlap: 3,
  createdBy: lead.id,
});
await setMemberRole({ db, projectId: project.id, userId: annotator.id, role: "annotator", actorId: lead.id });
const words = "free call now win prize txt claim ok lar joking wif u oni going home later see you tomorrow".split(" ");
const text = (i: number) => `${Array.from({ length: 8 + (i % 13) }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(" ")} #${i}`;
const t = performance.now();
await importItems({
  db,
  projectId: project.id,
  fileName: "gen",
  format: "jsonl",
  actorId: lead.id,
  records: Array.from({ length: itemCount }, (_, i) => ({ externalId: `i${i}`, text: text(i), metadata: {}, contentHash: `h${i}` })),
});
for (let from = 0; from < itemCount; from += IMPORT_CHUNK / 2) {
  const rows: AnnotationRow[] = [];
  for (let i = from; i < Math.min(itemCount, from + IMPORT_CHUNK / 2); i++) {
    const label = text(i).includes("win") ? "spam" : "ham";
    rows.push({ externalId: `i${i}`, annotator: "crowd-1", labels: [label], notSure: false, line: rows.length + 1 });
    rows.push({ externalId: `i${i}`, annotator: "crowd-2", labels: [i % 7 === 0 ? (label === "spam" ? "ham" : "spam") : label], notSure: false, line: rows.length + 1 });
  }
  await importAnnotations({ db, projectId: project.id, fileName: `labels-${from}.csv`, format: "csv", rows, actorId: lead.id });
}
console.error(`seeded ${itemCount} items with two labels each in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const server = startBenchServers({ name: "stall", ports: [port], env: bench.env, ...(values.profile ? { profileDir: values.profile } : {}) });

async function signIn(email: string): Promise<string> {
  return signInOverHttp(base, email, PASSWORD);
}

async function call<T>(path: string, cookie: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Times `request` back to back until `running()` says stop: every wait, in ms. */
async function timeWhile(running: () => boolean, request: () => Promise<unknown>): Promise<number[]> {
  const waits: number[] = [];
  while (running()) {
    const start = performance.now();
    await request();
    waits.push(performance.now() - start);
  }
  return waits;
}

function figures(waits: number[]) {
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
  return { calls: sorted.length, p50_ms: at(0.5), max_ms: Number((sorted.at(-1) ?? 0).toFixed(1)) };
}

let leadCookie = "";
let annotatorCookie = "";
const ping = async () => {
  const response = await fetch(`${base}/api/ping`);
  await response.arrayBuffer();
};
let holding: number[] = [];
const nextItem = async () => {
  const answer = await call<{ items: { id: number }[] }>("/api/projects/bench/queue", annotatorCookie, { count: 1, holding });
  holding = answer.items.map((item) => item.id);
};

/** Starts a job through its route, and times the two request loops until the job ends. */
async function measure(name: string, start: () => Promise<{ job: JobView }>): Promise<JobView> {
  const began = performance.now();
  let job = (await start()).job;
  let live = true;
  const watching = (async () => {
    while (job.state === "queued" || job.state === "running") {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await call<{ job: JobView }>(`/api/projects/bench/jobs/${job.id}`, leadCookie)).job;
    }
    live = false;
  })();
  const [pings, nextItems] = await Promise.all([timeWhile(() => live, ping), timeWhile(() => live, nextItem), watching]);
  console.log(
    JSON.stringify({
      bench: "stall",
      job: name,
      db: bench.dialect,
      items: itemCount,
      state: job.state,
      ...(job.error ? { error: job.error } : {}),
      job_ms: Math.round(performance.now() - began),
      ping: figures(pings),
      next_item: figures(nextItems),
    }),
  );
  return job;
}

try {
  await server.waitUntilUp();
  leadCookie = await signIn("lead@bench.test");
  annotatorCookie = await signIn("ann@bench.test");
  // Warm the routes (Next compiles nothing in production, but the first calls open the database).
  for (let k = 0; k < 5; k++) await Promise.all([ping(), nextItem()]);

  const baselineUntil = performance.now() + Number(values["baseline-ms"]);
  const idle = () => performance.now() < baselineUntil;
  const [pings, nextItems] = await Promise.all([timeWhile(idle, ping), timeWhile(idle, nextItem)]);
  console.log(JSON.stringify({ bench: "stall", job: "none", db: bench.dialect, items: itemCount, ping: figures(pings), next_item: figures(nextItems) }));

  const rules = { decidedBy: ["adjudicated", "unanimous", "single", "majority", "dawid-skene"], minAnnotations: 1 };
  if (chosen.has("export-snapshot")) {
    const snapshot = await measure("export-snapshot", () => call("/api/projects/bench/exports", leadCookie, { name: "stall", ...rules }));
    const snapshotId = (snapshot.result as { snapshotId?: number } | null)?.snapshotId;
    if (snapshotId !== undefined && chosen.has("export-files")) {
      await measure("export-files", () => call(`/api/projects/bench/exports/${snapshotId}/files`, leadCookie, { format: "jsonl" }));
    }
  }
  if (chosen.has("agreement-snapshot")) await measure("agreement-snapshot", () => call("/api/projects/bench/agreement", leadCookie, {}));
  if (chosen.has("retrain")) await measure("retrain", () => call("/api/projects/bench/model/retrain", leadCookie, {}));
  if (chosen.has("dawid-skene-refit")) await measure("dawid-skene-refit", () => call("/api/projects/bench/dawid-skene", leadCookie, {}));
} finally {
  server.stop();
  // The profile is written as the server exits.
  if (values.profile) await server.exited();
  await bench.close();
}
