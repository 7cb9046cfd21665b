import { expect, test } from "./fixtures";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDb } from "@/db";
import { rawRows } from "@/db/raw-sql";
import { exportSnapshotNamed, seedLabels, seedProject, uniqueSlug } from "./support/database";
import { PEOPLE } from "./support/people";

// The README's "Automation" section promises that its token, curl and Python blocks work as
// written. This runs them: the bash blocks in one shell, then the Python block, against the app
// Playwright started, with only the address, the project slug, the account's email and the way
// the CLI is reached (the repository's bin, where a reader has `npx goldset`) substituted.

const ROOT = process.cwd();
const PYTHON = process.env.GOLDSET_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

type Finished = { code: number | null; stdout: string; stderr: string };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The fenced code blocks of the README's Automation section, in order, with their language. */
function automationBlocks(): { language: string; code: string }[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Automation\n");
  expect(start, "README.md has an Automation section").toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ language: m[1]!, code: m[2]! }));
}

test("the README's token, curl and Python examples work as written", async ({ baseURL }) => {
  test.setTimeout(240_000);
  const slug = uniqueSlug("readme");
  // One item labelled before the script runs, so the snapshot it pulls holds exactly that one.
  await seedProject({ slug, texts: ["already here"], members: { annotator: "annotator" } });
  await seedLabels(slug, [{ person: "annotator", item: "item-1", label: "ham" }]);
  const substitute = (code: string) =>
    code
      .replaceAll("http://localhost:3000", baseURL!)
      .replaceAll("you@example.org", PEOPLE.lead.email)
      .replaceAll("npx goldset", `node ${JSON.stringify(path.join(ROOT, "bin/goldset.mjs"))}`)
      .replace(/\breviews\b/g, slug);
  const blocks = automationBlocks();
  const bash = blocks.filter((b) => b.language === "bash").map((b) => substitute(b.code));
  const python = blocks.filter((b) => b.language === "python").map((b) => substitute(b.code));
  expect(bash).toHaveLength(2);
  expect(python).toHaveLength(1);

  const dir = mkdtempSync(path.join(tmpdir(), "goldset-readme-"));
  try {
    writeFileSync(path.join(dir, "items.jsonl"), ['{"id": "r1", "text": "The battery died after a week."}', '{"id": "r2", "text": "Arrived early, works well."}', ""].join("\n"));
    // The shell keeps the token the first block exported, as a reader's would; it is written out
    // for the Python step, which a reader runs in the same terminal.
    const shell = await run("bash", ["-euo", "pipefail", "-c", `${bash.join("\n")}\nprintf '%s' "$GOLDSET_TOKEN" > .token`], dir);
    expect(shell.code, shell.stderr).toBe(0);
    const token = readFileSync(path.join(dir, ".token"), "utf8");
    expect(token).toMatch(/^gst_\S+$/);
    // The import landed (both items), and the listing and agreement answered JSON.
    const items = (await rawRows(await getDb(), "select i.external_id as id from items i join projects p on p.id = i.project_id where p.slug = ? order by i.id", slug)) as { id: string }[];
    expect(items.map((i) => i.id)).toEqual(["item-1", "r1", "r2"]);
    expect(shell.stdout).toContain('"r1"');

    const client = await run(PYTHON, ["-c", python[0]!], dir, { GOLDSET_URL: baseURL!, GOLDSET_TOKEN: token, PYTHONPATH: path.join(ROOT, "clients/python"), PYTHONDONTWRITEBYTECODE: "1" });
    expect(client.code, client.stderr).toBe(0);
    const snapshot = await exportSnapshotNamed(slug, "v1");
    expect(snapshot?.counts.items).toBe(1);
    expect(Object.keys(snapshot?.hashes ?? {}).sort()).toEqual(["hf", "jsonl"]);
    expect(existsSync(path.join(dir, "out", "jsonl"))).toBe(true);
    expect(existsSync(path.join(dir, "out", "hf"))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
