import { expect, test } from "./fixtures";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { exportSnapshotNamed, seedLabels, seedProject, uniqueSlug } from "./support/database";
import { PEOPLE } from "./support/people";

type Finished = { code: number | null; stdout: string; stderr: string };

/** Runs a command from the repository root with this run's environment (the web server's database). */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// The python3 Debian ships (the target), else whichever python3 is first on the PATH.
const PYTHON = process.env.GOLDSET_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

test("the Python client pushes items and predictions to the app and pulls a snapshot whose files match its recorded hashes", async ({ baseURL }) => {
  // A token, the client's unit and end-to-end tests, three server jobs and two written exports.
  test.setTimeout(240_000);
  const slug = uniqueSlug("python");
  await seedProject({ slug, texts: ["see you at 6", "WIN a prize now"], members: { annotator: "annotator" } });
  await seedLabels(slug, [
    { person: "annotator", item: "item-1", label: "ham" },
    { person: "annotator", item: "item-2", label: "spam" },
  ]);

  const token = await run("node", ["bin/goldset.mjs", "token", "create", "--email", PEOPLE.lead.email, "--name", "python client e2e", "--project", slug, "--role", "lead"]);
  expect(token.code, token.stderr).toBe(0);
  expect(token.stdout.trim()).toMatch(/^gst_\S+$/);

  const runId = Date.now().toString(36);
  const tests = await run(PYTHON, ["-m", "unittest", "discover", "-s", "clients/python/tests", "-v"], {
    GOLDSET_URL: baseURL!,
    GOLDSET_TOKEN: token.stdout.trim(),
    GOLDSET_PROJECT: slug,
    GOLDSET_LABEL: "spam",
    GOLDSET_RUN_ID: runId,
    PYTHONDONTWRITEBYTECODE: "1",
  });
  expect(tests.code, tests.stderr).toBe(0);
  // unittest reports on stderr: every test ran, the end-to-end ones included, and none was skipped.
  expect(tests.stderr).toContain("test_a_snapshot_exports_to_a_folder_that_matches_its_recorded_hashes (test_end_to_end.EndToEndTest");
  expect(tests.stderr).toContain("test_predictions_become_suggestions_on_their_items (test_end_to_end.EndToEndTest");
  expect(tests.stderr).not.toContain("skipped");
  expect(tests.stderr).toMatch(/^OK$/m);

  // What the client did is in the app's database: the snapshot, frozen with both the seeded labels,
  // and the hashes of the two formats it wrote and downloaded.
  const snapshot = await exportSnapshotNamed(slug, `py-${runId}`);
  expect(snapshot?.counts.items).toBe(2);
  expect(Object.keys(snapshot?.hashes ?? {}).sort()).toEqual(["hf", "jsonl"]);
});
