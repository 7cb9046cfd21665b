// Import throughput: 100,000 JSONL items through the `goldset import` CLI (a child process, so
// start-up is included), the same path in-process split into parse and insert, and, for scale,
// a bare driver loop inserting the same rows into the same table in one transaction (better-sqlite3,
// or node-postgres with a prepared statement, on the database the run uses).
// Usage: npm run bench:import [-- --items 100000] [--db sqlite|pg]
// The bare driver loop is the yardstick the app's path is measured against, so it opens the drivers itself.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import Database from "better-sqlite3";
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import pg from "pg";
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openBenchDatabase } from "./bench-database";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { parseItemFile } from "@/lib/import/item-file-format";

const { values } = parseArgs({ options: { items: { type: "string", default: "100000" } } });
const n = Number(values.items);
const dir = mkdtempSync(join(tmpdir(), "goldset-bench-import-"));
const file = join(dir, "items.jsonl");

const words = "free call now win prize txt claim ok lar joking wif u oni going home later see you tomorrow".split(" ");
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const len = 8 + (i % 23);
  const text = `${Array.from({ length: len }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(" ")} #${i}`;
  lines.push(JSON.stringify({ id: `m-${i}`, text, source: i % 2 ? "a" : "b" }));
}
writeFileSync(file, lines.join("\n") + "\n");

function emit(figures: Record<string, unknown>) {
  console.log(JSON.stringify({ bench: "import", items: n, ...figures }));
}

// 1. Through the CLI, as a lead would run it.
const cliDatabase = await openBenchDatabase("cli");
const env = { ...process.env, ...cliDatabase.env };
execFileSync("node", ["bin/goldset.mjs", "project", "create", "--name", "Bench", "--slug", "bench", "--labels", "ham,spam"], { env, stdio: "ignore" });
let t = performance.now();
const out = execFileSync("node", ["bin/goldset.mjs", "import", "--project", "bench", "--file", file], { env, encoding: "utf8" });
const cliMs = performance.now() - t;
emit({ path: "cli", ms: Math.round(cliMs), items_per_s: Math.round(n / (cliMs / 1000)), summary: JSON.parse(out) });

// 2. In-process: parse, then one transaction of inserts.
await cliDatabase.close();
const inProcess = await openBenchDatabase("inproc");
const db = inProcess.db;
const project = await createProject({ db, name: "Bench", slug: "bench", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] });
t = performance.now();
const parsed = await parseItemFile(createReadStream(file, { highWaterMark: 1 << 16 }), "jsonl", {});
const parseMs = performance.now() - t;
t = performance.now();
await importItems({ db, projectId: project.id, fileName: "items.jsonl", format: "jsonl", records: parsed.items, actorId: null });
const insertMs = performance.now() - t;
emit({
  path: "in_process",
  parse_ms: Math.round(parseMs),
  insert_ms: Math.round(insertMs),
  items_per_s: Math.round(n / ((parseMs + insertMs) / 1000)),
});

const BARE_INSERT = "insert into items (project_id, external_id, text, metadata, content_hash, created_at)";

// 3. The floor: a bare prepared-statement loop inserting the same rows, in one transaction, into
// the same table (Goldset's items, with its unique and queue indexes) of a second project on the
// same database, through the driver alone: what the rows cost to store, without Goldset's code.
const bareProject = await createProject({ db, name: "Bare", slug: "bare", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] });
const bareMs = inProcess.dialect === "postgres" ? await bareInsertPostgres(bareProject.id) : bareInsertSqlite(bareProject.id);
emit({ path: `bare_${inProcess.dialect}_insert`, ms: Math.round(bareMs), items_per_s: Math.round(n / (bareMs / 1000)) });
emit({ ratio_goldset_insert_to_bare: Number((insertMs / bareMs).toFixed(2)), ratio_cli_total_to_bare_insert: Number((cliMs / bareMs).toFixed(2)) });
await inProcess.close();
rmSync(dir, { recursive: true, force: true });

function bareInsertSqlite(projectId: string): number {
  const bare = new Database(inProcess.env.GOLDSET_DB!);
  bare.pragma("synchronous = NORMAL");
  const insert = bare.prepare(`${BARE_INSERT} values (?, ?, ?, ?, ?, ?)`);
  const t = performance.now();
  bare.transaction(() => {
    const now = Date.now();
    for (const item of parsed.items) insert.run(projectId, item.externalId, item.text, JSON.stringify(item.metadata), item.contentHash, now);
  })();
  const ms = performance.now() - t;
  bare.close();
  return ms;
}

async function bareInsertPostgres(projectId: string): Promise<number> {
  const client = new pg.Client({ connectionString: inProcess.env.GOLDSET_DATABASE_URL });
  await client.connect();
  const t = performance.now();
  await client.query("begin");
  const now = Date.now();
  for (const item of parsed.items) {
    await client.query({
      name: "bare_insert",
      text: `${BARE_INSERT} values ($1, $2, $3, $4, $5, $6)`,
      values: [projectId, item.externalId, item.text, JSON.stringify(item.metadata), item.contentHash, now],
    });
  }
  await client.query("commit");
  const ms = performance.now() - t;
  await client.end();
  return ms;
}
