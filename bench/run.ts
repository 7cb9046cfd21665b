// Runs a benchmark on the database `--db` names: `tsx --import ./scripts/server-only/register.mjs bench/run.ts <bench> [--db sqlite|pg] [args]`.
// `--db pg` uses GOLDSET_DATABASE_URL's server when it is set, else a throwaway PostgreSQL cluster
// started here (scripts/postgres-cluster.sh) and removed at the end. The choice is made before
// the benchmark's modules load, because the tables every query uses are built for one dialect.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [name, ...rest] = process.argv.slice(2);
if (!name || !/^[a-z-]+$/.test(name)) {
  console.error("usage: tsx --import ./scripts/server-only/register.mjs bench/run.ts <bench> [--db sqlite|pg] [args...]");
  process.exit(2);
}
const at = rest.indexOf("--db");
const choice = at >= 0 ? rest[at + 1] : "sqlite";
if (at >= 0) rest.splice(at, 2);
if (choice !== "sqlite" && choice !== "pg") {
  console.error(`--db must be sqlite or pg, not ${choice}`);
  process.exit(2);
}

let cluster: string | null = null;
if (choice === "pg") {
  if (!process.env.GOLDSET_DATABASE_URL) {
    cluster = mkdtempSync(join(tmpdir(), "goldset-bench-pg-"));
    process.env.GOLDSET_DATABASE_URL = execFileSync("scripts/postgres-cluster.sh", ["start", cluster], { encoding: "utf8" }).trim();
  }
} else {
  delete process.env.GOLDSET_DATABASE_URL;
}
const stop = () => {
  if (cluster) execFileSync("scripts/postgres-cluster.sh", ["stop", cluster], { stdio: "ignore" });
  cluster = null;
};
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

console.log(JSON.stringify({ bench: name, db: choice === "pg" ? "postgresql" : "sqlite" }));
process.argv = [process.argv[0]!, join(process.cwd(), "bench", `${name}.ts`), ...rest];
await import(`./${name}.ts`);
