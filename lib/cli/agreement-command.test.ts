import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { agreementCommand } from "./agreement-command";

const dir = mkdtempSync(path.join(tmpdir(), "goldset-agreement-"));
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three items rated 1–5 by two people: (1, 2), (3, 3), (4, 5), as JSON numbers.
const ratings = [
  { item: "i1", annotator: "a", label: 1 },
  { item: "i1", annotator: "b", label: 2 },
  { item: "i2", annotator: "a", label: 3 },
  { item: "i2", annotator: "b", label: 3 },
  { item: "i3", annotator: "a", label: 4 },
  { item: "i3", annotator: "b", label: 5 },
];

async function alpha(level: string): Promise<number> {
  const file = path.join(dir, "ratings.jsonl");
  writeFileSync(file, ratings.map((row) => JSON.stringify(row)).join("\n") + "\n");
  let printed = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  await agreementCommand(["--input", file, "--level", level, "--json"]);
  vi.restoreAllMocks();
  return (JSON.parse(printed) as { krippendorff: { value: number } }).krippendorff.value;
}

describe("goldset agreement on numeric JSONL ratings", () => {
  // Values 1, 2, 3, 3, 4, 5 (n = 6). Observed: the two ordered pairs of each item, (1,2) and
  // (4,5) at squared distance 1, (3,3) at 0: sum 4. Expected: all ordered pairs of the six values,
  // 2 · (n·Σv² − (Σv)²) = 2 · (6·64 − 18²) = 120. α = 1 − (n − 1)·4 / 120 = 1 − 20/120 = 5/6.
  it("gives Krippendorff's interval alpha of 5/6", async () => {
    expect(await alpha("interval")).toBeCloseTo(5 / 6, 12);
  });

  // Ordinal distance δ(c,k) = (n_c + … + n_k − (n_c + n_k)/2)² with counts 1:1, 2:1, 3:2, 4:1, 5:1.
  // Observed: δ(1,2) = δ(4,5) = 1, twice each: 4. Expected: Σ over ordered pairs n_c·n_k·δ(c,k) =
  // 2 · (1 + 12.5 + 16 + 25 + 4.5 + 9 + 16 + 4.5 + 12.5 + 1) = 204. α = 1 − 5·4/204 = 46/51.
  it("gives Krippendorff's ordinal alpha of 46/51", async () => {
    expect(await alpha("ordinal")).toBeCloseTo(46 / 51, 12);
  });
});
