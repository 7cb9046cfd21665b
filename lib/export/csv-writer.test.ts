import { describe, expect, it } from "vitest";

import { CSV_COLUMNS, writeCsv } from "@/lib/export/csv-writer";
import { collectText, exportRecord } from "@/lib/export/testing/export-fixtures";
import { readCsv } from "@/lib/export/testing/read-csv";

const HEADER =
  "id,text,labels,decided_by,agreement,annotators,not_sure,suggestion_accepted,suggestion_source," +
  "suggestion_model,suggestion_prompt_version,split,metadata\r\n";

describe("writeCsv", () => {
  it("starts with the fixed header row and ends every row with CRLF", async () => {
    const text = await collectText(writeCsv([exportRecord({ id: "a" })]));
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text).toBe(`${HEADER}a,text of a,ham,unanimous,1,3,0,,,,,,\r\n`);
  });

  it("quotes fields with a comma, quote or line break and keeps everything else verbatim", async () => {
    const rows = [
      exportRecord({ id: "comma", text: "hello, world" }),
      exportRecord({ id: "quote", text: 'she said "hi"' }),
      exportRecord({ id: "lf", text: "line one\nline two" }),
      exportRecord({ id: "crlf", text: "line one\r\nline two" }),
      exportRecord({ id: "html", text: "<img src=x onerror=alert(1)>" }),
    ];
    const body = (await collectText(writeCsv(rows))).slice(HEADER.length);
    expect(body.split("\r\n").slice(0, -1)).toEqual([
      'comma,"hello, world",ham,unanimous,1,3,0,,,,,,',
      'quote,"she said ""hi""",ham,unanimous,1,3,0,,,,,,',
      'lf,"line one\nline two",ham,unanimous,1,3,0,,,,,,',
      'crlf,"line one',
      'line two",ham,unanimous,1,3,0,,,,,,',
      "html,<img src=x onerror=alert(1)>,ham,unanimous,1,3,0,,,,,,",
    ]);
    const parsed = readCsv(body);
    expect(parsed.map((row) => row[1])).toEqual(rows.map((row) => row.text));
  });

  it("writes every column of a full record and parses back with an RFC 4180 reader", async () => {
    const record = exportRecord({
      id: "r1",
      text: "Free entry",
      labels: ["spam", "promo"],
      decidedBy: "dawid-skene",
      agreement: 0.75,
      annotators: 4,
      notSure: 1,
      suggestion: { accepted: true, source: "llm", model: "gpt-4o-mini", promptVersion: 3 },
      split: "train",
      metadata: { b: 2, a: "x,y" },
    });
    const [header, row, ...rest] = readCsv(await collectText(writeCsv([record])));
    expect(rest).toEqual([]);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(row).toEqual([
      "r1",
      "Free entry",
      "spam|promo",
      "dawid-skene",
      "0.75",
      "4",
      "1",
      "true",
      "llm",
      "gpt-4o-mini",
      "3",
      "train",
      '{"a":"x,y","b":2}',
    ]);
  });

  it("leaves formula-like text alone by default and defuses it with excelSafe", async () => {
    const rows = [
      exportRecord({ id: "=1+1", text: "=HYPERLINK(\"http://x\")", agreement: -0.25 }),
      exportRecord({ id: "b", text: "+33 6 12", labels: ["@home"] }),
      exportRecord({ id: "c", text: "-5 off" }),
      exportRecord({ id: "d", text: "plain" }),
    ];
    const plain = readCsv(await collectText(writeCsv(rows))).slice(1);
    expect(plain.map((row) => row[1])).toEqual(rows.map((row) => row.text));

    const safe = readCsv(await collectText(writeCsv(rows, { excelSafe: true }))).slice(1);
    expect(safe.map((row) => row[0])).toEqual(["'=1+1", "b", "c", "d"]);
    expect(safe.map((row) => row[1])).toEqual(["'=HYPERLINK(\"http://x\")", "'+33 6 12", "'-5 off", "plain"]);
    expect(safe[1]?.[2]).toBe("'@home");
    // Numbers are data, not formulas: a negative agreement keeps its sign.
    expect(safe[0]?.[4]).toBe("-0.25");
  });

  it("can start with a UTF-8 byte order mark for Excel", async () => {
    const text = await collectText(writeCsv([], { byteOrderMark: true }));
    expect(text).toBe(`\uFEFF${HEADER}`);
  });

  it("refuses a label containing the label separator", async () => {
    const rows = [exportRecord({ id: "x", labels: ["a|b"] })];
    await expect(collectText(writeCsv(rows))).rejects.toThrow('item "x": label "a|b" contains "|"');
  });

  it("gives byte-identical output for the same records written twice", async () => {
    const rows = Array.from({ length: 50 }, (_, index) =>
      exportRecord({ id: `i${index}`, text: `t,"${index}"\n`, agreement: index / 7 }),
    );
    expect(await collectText(writeCsv(structuredClone(rows)))).toBe(await collectText(writeCsv(rows)));
  });
});
