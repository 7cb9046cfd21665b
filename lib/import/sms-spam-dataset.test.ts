import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCsvItems } from "@/lib/import/items";
import { chunksOf } from "@/lib/import/testing/byte-chunks";

// The UCI SMS Spam Collection (see datasets/README.md): TSV with a header "Label<TAB>SMS". Its
// texts contain bare quote characters ("Happy valentines day" I know...) and never tabs or line
// breaks, so it is read with quoting off.
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const datasets = resolve(repoRoot, process.env.GOLDSET_DATASETS ?? "../shared/datasets");
const file = resolve(datasets, "sms_spam/SMSSpamCollection");
const present = existsSync(file);
if (!present) console.log(`skipping the SMS Spam Collection tests: ${file} not found (set GOLDSET_DATASETS)`);

describe.skipIf(!present)("SMS Spam Collection as TSV", () => {
  const bytes = present ? new Uint8Array(readFileSync(file)) : new Uint8Array();
  // The reference, counted independently: one record per non-empty line after the header.
  const rows = present
    ? new TextDecoder()
        .decode(bytes)
        .split("\n")
        .slice(1)
        .filter((line) => line !== "")
        .map((line) => {
          const tab = line.indexOf("\t");
          return { label: line.slice(0, tab), text: line.slice(tab + 1) };
        })
    : [];

  it("reads every message, with its label as metadata and its text verbatim", async () => {
    const result = await parseCsvItems(chunksOf(bytes, 64 * 1024), { delimiter: "\t", quote: null, textField: "SMS" });
    expect(result.problems).toEqual([]);
    expect(result.items).toHaveLength(rows.length);
    expect(rows.length).toBe(5574);
    const spam = result.items.filter((item) => item.metadata.Label === "spam").length;
    expect(spam).toBe(rows.filter((row) => row.label === "spam").length);
    expect(spam).toBe(747);
    expect(result.items.map((item) => item.text)).toEqual(rows.map((row) => row.text));
    expect(new Set(result.items.map((item) => item.externalId)).size).toBe(rows.length);
  });

  it("warns once for every repeated message, and only for those", async () => {
    const result = await parseCsvItems([bytes], { delimiter: "\t", quote: null, textField: "SMS", maxProblems: 10_000 });
    const distinct = new Set(rows.map((row) => row.text.normalize("NFC").trim())).size;
    expect(result.warningCount).toBe(rows.length - distinct);
  });

  it("with CSV quoting on, reports the rows whose text starts with a quoted phrase", async () => {
    const result = await parseCsvItems([bytes], { delimiter: "\t", textField: "SMS", maxProblems: 10_000 });
    const valentineLine = rows.findIndex((row) => row.text.startsWith('"Happy valentines day" I know')) + 2;
    expect(result.problems.map((p) => p.line)).toContain(valentineLine);
  });
});
