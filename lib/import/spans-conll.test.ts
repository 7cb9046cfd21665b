import { describe, expect, it } from "vitest";
import { derivedItemId, itemContentHash } from "@/lib/import/content-hash";
import { parseSpansConll } from "@/lib/import/spans-conll";
import { bytesOf, chunksOf } from "@/lib/import/testing/byte-chunks";

const options = { entityTypes: ["person", "location"], allowOverlap: false, defaultAnnotator: "lead@example.com" };

describe("parseSpansConll", () => {
  it("makes each sentence an item with its token offsets, and its entities an annotation by the importing account", async () => {
    const file = "Ada\tB-person\nLovelace\tI-person\n!\tO\n\nok\tO\n\nok\tO\n\n";
    const result = await parseSpansConll([bytesOf(file)], options);
    expect(result.problemCount).toBe(0);
    const hashOfOk = itemContentHash("ok");
    expect(result.items.map((i) => [i.externalId, i.text, i.metadata, i.line])).toEqual([
      [derivedItemId(itemContentHash("Ada Lovelace !"), 1), "Ada Lovelace !", { conll: { tokens: [[0, 3], [4, 12], [13, 14]], separator: "\t" } }, 1],
      [derivedItemId(hashOfOk, 1), "ok", { conll: { tokens: [[0, 2]], separator: "\t" } }, 5],
      // A repeated sentence is a second item, with the next derived id, and a warning.
      [derivedItemId(hashOfOk, 2), "ok", { conll: { tokens: [[0, 2]], separator: "\t" } }, 7],
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([`line 7: same text as line 5; it gets the id "${derivedItemId(hashOfOk, 2)}"`]);
    expect(result.annotations.map((a) => [a.annotator, a.spans, a.line])).toEqual([
      ["lead@example.com", [{ start: 0, end: 12, label: "person" }], 1],
      ["lead@example.com", [], 5],
      ["lead@example.com", [], 7],
    ]);
  });

  it("refuses the whole file for one bad tag, naming its line", async () => {
    const result = await parseSpansConll([bytesOf("Ada\tB-person\n\nin\tO\nParis\tI-location\n\nRome\tB-city\n")], options);
    expect(result.items).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [4, "tag", 'line 4: tag "I-location" continues an entity that was never opened; the entity\'s first token needs B-location'],
      [6, "tag", 'line 6: tag "B-city": "city" is not an entity type of this project (types: person, location)'],
    ]);
  });

  it("reads the same sentences whatever the chunking of the bytes, a multi-byte character split included", async () => {
    const file = "😂\tO\nParís\tB-location\n\n";
    const whole = await parseSpansConll([bytesOf(file)], options);
    const split = await parseSpansConll(chunksOf(bytesOf(file), 3), options);
    expect(split.items).toEqual(whole.items);
    expect(whole.annotations[0]!.spans).toEqual([{ start: 2, end: 7, label: "location" }]);
  });
});
