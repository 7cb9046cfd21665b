// Import throughput: 100,000 JSONL items through the `goldset import` CLI (a child process, so
// start-up is included), the same path in-process split into parse and insert, and, for scale,
// a bare better-sqlite3 loop inserting the same rows in one transaction.
// Usage: npm run bench:import [-- --items 100000]
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
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
const cliDb = join(dir, "cli.db");
const env = { ...process.env, GOLDSET_DB: cliDb };
execFileSync("node", ["bin/goldset.mjs", "project", "create", "--name", "Bench", "--slug", "bench", "--labels", "ham,spam"], { env, stdio: "ignore" });
let t = performance.now();
const out = execFileSync("node", ["bin/goldset.mjs", "import", "--project", "bench", "--file", file], { env, encoding: "utf8" });
const cliMs = performance.now() - t;
emit({ path: "cli", ms: Math.round(cliMs), items_per_s: Math.round(n / (cliMs / 1000)), summary: JSON.parse(out) });

// 2. In-process: parse, then one transaction of inserts.
const db = openDatabase(join(dir, "inproc.db"));
const project = createProject({ db, name: "Bench", slug: "bench", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] });
t = performance.now();
const parsed = await parseItemFile(createReadStream(file, { highWaterMark: 1 << 16 }), "jsonl", {});
const parseMs = performance.now() - t;
t = performance.now();
importItems({ db, projectId: project.id, fileName: "items.jsonl", format: "jsonl", records: parsed.items, actorId: null });
const insertMs = performance.now() - t;
emit({
  path: "in_process",
  parse_ms: Math.round(parseMs),
  insert_ms: Math.round(insertMs),
  items_per_s: Math.round(n / ((parseMs + insertMs) / 1000)),
});

// 3. The floor: a bare prepared-statement loop into the same table shape.
const bare = new Database(join(dir, "bare.db"));
bare.pragma("journal_mode = WAL");
bare.pragma("synchronous = NORMAL");
bare.exec("create table items (id integer primary key autoincrement, project_id text not null, external_id text not null, text text not null, metadata text not null, content_hash text not null, created_at integer not null, unique(project_id, external_id))");
const insert = bare.prepare("insert into items (project_id, external_id, text, metadata, content_hash, created_at) values (?, ?, ?, ?, ?, ?)");
t = performance.now();
bare.transaction(() => {
  const now = Date.now();
  for (const item of parsed.items) insert.run("p", item.externalId, item.text, JSON.stringify(item.metadata), item.contentHash, now);
})();
const bareMs = performance.now() - t;
emit({ path: "bare_better_sqlite3_insert", ms: Math.round(bareMs), items_per_s: Math.round(n / (bareMs / 1000)) });
emit({ ratio_goldset_insert_to_bare: Number((insertMs / bareMs).toFixed(2)), ratio_cli_total_to_bare_insert: Number((cliMs / bareMs).toFixed(2)) });
bare.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
