import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dawidSkene } from "@/lib/aggregate/dawid-skene";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import type { AnnotationRow } from "@/lib/aggregate/types";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const datasets = resolve(repoRoot, process.env.GOLDSET_DATASETS ?? "../shared/datasets");
const rteFile = resolve(datasets, "snow2008/all_collected_data/rte.standardized.tsv");
const available = existsSync(rteFile);
if (!available) console.warn(`Skipping the Snow et al. (2008) RTE tests: ${rteFile} not found (set GOLDSET_DATASETS).`);

/** `!amt_annotation_ids !amt_worker_ids orig_id response gold`, tab-separated, 10 worker labels per item. */
function readRte(): { rows: AnnotationRow[]; gold: Map<string, string> } {
  const [header, ...lines] = readFileSync(rteFile, "utf8").trim().split(/\r?\n/);
  expect(header?.split("\t")).toEqual(["!amt_annotation_ids", "!amt_worker_ids", "orig_id", "response", "gold"]);
  const gold = new Map<string, string>();
  const rows = lines.map((line) => {
    const [, worker = "", item = "", response = "", expert = ""] = line.split("\t");
    gold.set(item, expert);
    return { item, annotator: worker, label: response };
  });
  return { rows, gold };
}

describe.skipIf(!available)("aggregation on Snow et al. (2008) RTE against the expert gold labels", () => {
  const { rows, gold } = available ? readRte() : { rows: [], gold: new Map<string, string>() };
  const accuracyOf = (items: readonly { item: string; label: string | null }[]) =>
    items.filter((entry) => entry.label === gold.get(entry.item)).length / items.length;

  it("reads 800 items with 10 labels each", () => {
    expect(rows).toHaveLength(8000);
    expect(gold.size).toBe(800);
  });

  it("matches the published ~0.90 majority-vote accuracy with 10 annotators", () => {
    const { items } = majorityVote(rows);
    const decided = items.filter((item) => !item.tie);
    const ties = items.length - decided.length;
    // Snow et al. break 5–5 ties at random; on two classes a coin is right half the time.
    const correctDecided = decided.filter((item) => item.label === gold.get(item.item)).length;
    const expectedWithCoinTies = (correctDecided + ties / 2) / items.length;
    expect(ties).toBeGreaterThan(0);
    expect(expectedWithCoinTies).toBeGreaterThan(0.88);
    expect(expectedWithCoinTies).toBeLessThan(0.92);
  });

  it("does better with Dawid–Skene than with majority vote under any tie policy", () => {
    const result = dawidSkene(rows);
    const em = accuracyOf(result.items);
    const majorityByPolicy = {
      unresolved: accuracyOf(majorityVote(rows).items),
      prior: accuracyOf(majorityVote(rows, { ties: { policy: "prior" } }).items),
      seededRandom: accuracyOf(majorityVote(rows, { ties: { policy: "seeded-random", seed: 1 } }).items),
    };
    expect(result.converged).toBe(true);
    // Weighing the 164 workers by their estimated reliability should beat every plain vote count.
    expect(em).toBeGreaterThan(0.92);
    Object.values(majorityByPolicy).forEach((majority) => expect(em).toBeGreaterThan(majority));
  });
});
