import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aggregateCommand } from "./aggregate-command";

const dir = mkdtempSync(path.join(tmpdir(), "goldset-aggregate-"));
afterEach(() => vi.restoreAllMocks());

async function run(rows: object[], ...flags: string[]): Promise<Record<string, unknown>> {
  const file = path.join(dir, `rows-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  let printed = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  await aggregateCommand(["--input", file, ...flags]);
  vi.restoreAllMocks();
  return JSON.parse(printed) as Record<string, unknown>;
}

// Twenty items; a and b always give the true set, c drops all but the first label on every
// fourth item.
function labelSets() {
  const rows = [];
  for (let i = 0; i < 20; i++) {
    const truth = [i % 2 === 0 ? "sports" : "weather", ...(i % 3 === 0 ? ["politics"] : [])];
    for (const annotator of ["a", "b", "c"]) rows.push({ item: `m${i}`, annotator, label: annotator === "c" && i % 4 === 0 ? truth.slice(0, 1) : truth });
  }
  return rows;
}

describe("goldset aggregate", () => {
  it("fits one present/absent Dawid–Skene model per label for label sets", async () => {
    const out = await run(labelSets(), "--method", "dawid-skene", "--json");
    expect(out).toMatchObject({ method: "dawid-skene", multiLabel: true, labels: ["politics", "sports", "weather"], converged: true });
    const items = out.items as { item: string; labels: string[]; confidence: number }[];
    // m0 is sports + politics; c said only sports, but a and b were never wrong.
    expect(items.find((i) => i.item === "m0")).toMatchObject({ labels: ["politics", "sports"] });
    expect(items.find((i) => i.item === "m1")).toMatchObject({ labels: ["weather"] });
    expect(items.every((i) => i.confidence > 0.9)).toBe(true);
    expect(Object.keys(out.perLabel as object)).toEqual(["politics", "sports", "weather"]);
  });

  it("refuses majority vote over label sets, saying what to use", async () => {
    const file = path.join(dir, "sets.jsonl");
    writeFileSync(file, labelSets().map((row) => JSON.stringify(row)).join("\n"));
    await expect(aggregateCommand(["--input", file, "--method", "majority", "--json"])).rejects.toThrow(/--method dawid-skene/);
  });

  it("still aggregates single labels by majority", async () => {
    const out = await run(
      [
        { item: "x", annotator: "a", label: "spam" },
        { item: "x", annotator: "b", label: "spam" },
        { item: "x", annotator: "c", label: "ham" },
      ],
      "--method",
      "majority",
      "--json",
    );
    expect(out.items).toEqual([expect.objectContaining({ item: "x", label: "spam", confidence: 2 / 3 })]);
  });

  it("aggregates numeric JSONL ratings, which it used to refuse on every line", async () => {
    const out = await run(
      [
        { item: "r1", annotator: "a", label: 3 },
        { item: "r1", annotator: "b", label: 3 },
        { item: "r1", annotator: "c", label: 4 },
        { item: "r2", annotator: "a", label: 5 },
        { item: "r2", annotator: "b", label: 5 },
        { item: "r2", annotator: "c", label: 5 },
      ],
      "--method",
      "majority",
      "--json",
    );
    expect(out.items).toEqual([
      expect.objectContaining({ item: "r1", label: "3", confidence: 2 / 3 }),
      expect.objectContaining({ item: "r2", label: "5", confidence: 1 }),
    ]);
  });
});

process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
