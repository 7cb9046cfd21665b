/**
 * Export writers on a million synthetic SMS-length items, generated lazily as the paged snapshot
 * query would yield them (ordered by id), so memory reflects the writers and not the fixture.
 * Output goes into a hashing sink (SHA-256 per file and the export hash), never to disk. Each
 * format runs in its own child process so peak RSS is that format's alone. Prints one JSON line
 * per format; asserts nothing about time.
 *
 *   npx tsx bench/export-writers.ts [--items 1000000] [--format source|jsonl|hf|csv|label-studio]
 *
 * ms: first record to finished manifest (for hf including the stratified-split plan, also shown
 * alone as plan_ms); cpu_ms: CPU time over the same span on all threads (GC, hashing), which tells
 * a slow machine from a busy one; mb: output size in MiB; peak_rss_mb: the process's peak resident
 * set (getrusage maxrss) in MiB, Node and tsx included. sha256 is the export hash: the same items
 * give the same hash on every run.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { drawBelow, mulberry32 } from "@/lib/random";
import { createSha256Digest, ExportManifestBuilder, manifestOf, type ExportManifest } from "@/lib/export/content-hash";
import { writeCsv } from "@/lib/export/csv-writer";
import type { DecidedBy, ExportRecord } from "@/lib/export/export-record";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { writeHuggingFaceFolder } from "@/lib/export/huggingface-folder-writer";
import { writeJsonl } from "@/lib/export/jsonl-writer";
import { writeLabelStudioFolder } from "@/lib/export/label-studio-writer";
import { assignSplits, planStratifiedSplit, type SplitItem } from "@/lib/export/stratified-split";

// "source" only generates the synthetic records: the part of every other line's time that is the
// fixture's, not the writer's.
const FORMATS = ["source", "jsonl", "hf", "csv", "label-studio"] as const;
type Format = (typeof FORMATS)[number];

const { values: args } = parseArgs({
  options: { items: { type: "string", default: "1000000" }, format: { type: "string" } },
});
const ITEMS = Number(args.items);

const WORDS = (
  "ok free call now txt win prize claim later home sorry meeting tomorrow love you what time da lor " +
  "gonna going see soon reply stop cash urgent mobile week night dinner wat thanks tonight £1000 café " +
  "😀 <b>offer</b> & \"quoted\" u r, ur 2 4 msg pls k"
).split(" ");
const DECIDED_BY: DecidedBy[] = ["unanimous", "unanimous", "majority", "majority", "adjudicated", "dawid-skene"];
const AGREEMENT = [1, 2 / 3, 1 / 3, 0.5, null];
const MODELS = ["gpt-4o-mini", "llama-3.1-8b-instruct"];

const snapshot: DatasetCardSnapshot = {
  snapshotId: "snap_bench",
  snapshotVersion: 1,
  projectName: "SMS spam (bench)",
  title: "SMS spam: synthetic golden set",
  license: "cc-by-4.0",
  languages: ["en"],
  createdBy: "bench@goldset.local",
  createdAt: "2024-06-01T12:00:00.000Z",
  labelSet: { version: 1, names: ["ham", "spam"], multiLabel: false },
  rules: [{ name: "minimum annotators", value: 3 }],
  agreement: [{ measure: "Krippendorff's alpha", value: 0.78 }],
  split: { seed: 42, fractions: { train: 0.8, validation: 0.1, test: 0.1 } },
};

const idOf = (index: number) => `item-${String(index).padStart(7, "0")}`;
// Knuth's multiplicative hash scatters the 13% spam across ids without a random stream, so the
// split planner can be fed ids and labels without generating texts.
const labelOf = (index: number) => ((Math.imul(index, 2654435761) >>> 0) % 100 < 13 ? "spam" : "ham");

function* splitItems(): Generator<SplitItem> {
  for (let index = 0; index < ITEMS; index++) yield { id: idOf(index), label: labelOf(index) };
}

async function* records(): AsyncGenerator<ExportRecord> {
  const next = mulberry32(2024);
  const pick = <T>(values: readonly T[]): T => values[drawBelow(next, values.length)] as T;
  for (let index = 0; index < ITEMS; index++) {
    const words: string[] = [];
    const target = 20 + drawBelow(next, 140);
    for (let length = 0; length < target; length += (words.at(-1) as string).length + 1) words.push(pick(WORDS));
    const shown = drawBelow(next, 10) < 6;
    yield {
      id: idOf(index),
      text: words.join(" "),
      labels: [labelOf(index)],
      decidedBy: pick(DECIDED_BY),
      agreement: pick(AGREEMENT),
      annotators: 3,
      notSure: drawBelow(next, 10) === 0 ? 1 : 0,
      suggestion: shown
        ? { accepted: drawBelow(next, 10) < 7, source: "llm", model: pick(MODELS), promptVersion: 1 + drawBelow(next, 3) }
        : null,
      metadata: { sender: `+4477${String(drawBelow(next, 1e8)).padStart(8, "0")}`, batch: index >> 16 },
    };
  }
}

async function hashSingleFile(path: string, chunks: AsyncIterable<Uint8Array>): Promise<ExportManifest> {
  const manifest = new ExportManifestBuilder();
  for await (const chunk of chunks) manifest.add(path, chunk);
  return manifest.build();
}

async function runFormat(format: Format): Promise<Record<string, number | string>> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let planMs: number | undefined;
  let manifest: ExportManifest;
  if (format === "hf") {
    const plan = await planStratifiedSplit(splitItems(), snapshot.split as NonNullable<DatasetCardSnapshot["split"]>);
    planMs = performance.now() - start;
    const builder = new ExportManifestBuilder();
    const pieces = writeHuggingFaceFolder(assignSplits(records(), plan), { snapshot, createDigest: createSha256Digest });
    for await (const piece of pieces) builder.add(piece.path, piece.chunk);
    manifest = builder.build();
  } else if (format === "source") {
    const builder = new ExportManifestBuilder();
    for await (const record of records()) builder.add("source", record.id);
    manifest = builder.build();
  } else if (format === "jsonl") {
    manifest = await hashSingleFile("goldset.jsonl", writeJsonl(records()));
  } else if (format === "csv") {
    manifest = await hashSingleFile("goldset.csv", writeCsv(records()));
  } else {
    manifest = await manifestOf(writeLabelStudioFolder(records(), { labelSet: snapshot.labelSet }));
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  return {
    bench: "export",
    format,
    items: ITEMS,
    ms: Math.round(ms),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    mb: Number((bytes / 2 ** 20).toFixed(1)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(planMs === undefined ? {} : { plan_ms: Math.round(planMs) }),
    files: manifest.files.length,
    sha256: manifest.sha256,
  };
}

if (args.format !== undefined) {
  if (!(FORMATS as readonly string[]).includes(args.format)) {
    throw new Error(`--format must be one of ${FORMATS.join(", ")}, got ${args.format}.`);
  }
  console.log(JSON.stringify(await runFormat(args.format as Format)));
} else {
  // A child per format, so one format's heap does not inflate the next one's peak RSS.
  for (const format of FORMATS) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), "--format", format, "--items", String(ITEMS)],
      { stdio: "inherit" },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
