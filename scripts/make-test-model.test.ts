import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "goldset-make-test-model-"));

function runCli(args: readonly string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), ["scripts/make-test-model.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...extraEnv },
    encoding: "utf8",
  });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("make-test-model CLI", () => {
  it("asks for --out and shows the usage", () => {
    const result = runCli([]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--out is required/);
    expect(result.stderr).toMatch(/usage: npx tsx scripts\/make-test-model.ts --out <dir>/);
  });

  it("refuses a seed that is not an integer", () => {
    const result = runCli(["--out", path.join(scratch, "a"), "--seed", "abc"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--seed must be an integer/);
  });

  it("names the missing shared tokenizer folder and the variable that points to it", () => {
    const result = runCli(["--out", path.join(scratch, "b")], { GOLDSET_SHARED_MODELS: path.join(scratch, "absent") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(path.join(scratch, "absent", "Xenova/all-MiniLM-L6-v2"));
    expect(result.stderr).toMatch(/GOLDSET_SHARED_MODELS/);
  });
});
