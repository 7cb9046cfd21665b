import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "./env";

/** Every `KEY=value` line of the shipped `.env.example`, as a copied `.env` would load it. */
function exampleEnvironment(): Record<string, string> {
  const lines = readFileSync(join(process.cwd(), ".env.example"), "utf8").split("\n");
  const pairs = lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]);
  return Object.fromEntries(pairs);
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("env", () => {
  it("reads a copied .env.example: empty values count as unset and their defaults apply", () => {
    const example = exampleEnvironment();
    expect(example.GOLDSET_LLM_BASE_URL).toBe("");
    for (const key of Object.keys(process.env)) if (key.startsWith("GOLDSET_") || key.startsWith("NEXTAUTH_")) delete process.env[key];
    Object.assign(process.env, example);
    const read = env();
    expect(read.GOLDSET_LLM_BASE_URL).toBeUndefined();
    expect(read.GOLDSET_LLM_API_KEY).toBeUndefined();
    expect(read.NEXTAUTH_SECRET).toBeUndefined();
    expect(read.GOLDSET_DB).toBe("./data/goldset.db");
    expect(read.GOLDSET_MAX_JSON_BYTES).toBe(524_288);
    expect(read.GOLDSET_MAX_UPLOAD_BYTES).toBe(52_428_800);
    expect(read.GOLDSET_JOB_LEASE_MS).toBe(60_000);
    expect(read.GOLDSET_JOB_POLL_MS).toBe(5_000);
  });
});
