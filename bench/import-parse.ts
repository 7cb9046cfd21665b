// Parse speed of the JSONL item importer on 100,000 generated SMS-length items fed in 64 KiB
// chunks, as the CLI reads a file, then the content-hash step alone with each SHA-256
// implementation (one row each) on the same item texts, so a change of hash shows its share of
// the parse. Prints JSON lines; asserts nothing about time.
// Run: npx tsx bench/import-parse.ts

import { bytesToHex } from "@noble/hashes/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { createHash, hash } from "node:crypto";
import { sha256HexOfText } from "@/lib/import/sha256";
import { parseJsonlItems } from "@/lib/import/items";
import { mulberry32Float } from "@/lib/random";

const ITEMS = 100_000;
const CHUNK_BYTES = 64 * 1024;
const RUNS = 5;

const WORDS = (
  "ok free call now txt win prize claim later home sorry meeting tomorrow love you what time " +
  "da lor gonna going see soon reply stop cash urgent mobile week night dinner wat thanks tonight " +
  "£1000 ü café 😀 <b>offer</b> & \"quoted\" u r"
).split(" ");

function generateJsonl(withIds: boolean): Uint8Array {
  // Seeded, so every run parses the same bytes.
  const random = mulberry32Float(42);
  const lines: string[] = [];
  for (let i = 0; i < ITEMS; i += 1) {
    // 20 to 160 characters, the length of an SMS message.
    const words: string[] = [];
    const targetChars = 20 + Math.floor(random() * 140);
    let chars = 0;
    while (chars < targetChars) {
      const word = WORDS[Math.floor(random() * WORDS.length)] ?? "ok";
      words.push(word);
      chars += word.length + 1;
    }
    const row: Record<string, unknown> = { text: words.join(" "), source: "sms", batch: i % 7 };
    lines.push(JSON.stringify(withIds ? { id: `sms-${i}`, ...row } : row));
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) out.push(bytes.subarray(start, start + CHUNK_BYTES));
  return out;
}

/** Parses as the CLI does: all items collected, then checked for problems. */
async function parseOnce(input: readonly Uint8Array[]): Promise<{ ms: number; cpuMs: number; items: number; texts: string[] }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await parseJsonlItems(input);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (result.problemCount > 0) throw new Error(`generated file has problems: ${result.problems[0]?.message}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, items: result.items.length, texts: result.items.map((item) => item.text) };
}

/** Median of RUNS timed calls after one warm-up, by wall time, with the CPU time of that run. */
function medianRun(work: () => void): { ms: number; cpuMs: number } {
  work();
  const runs: { ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    work();
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    runs.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)] ?? { ms: 0, cpuMs: 0 };
}

const utf8 = new TextEncoder();
// The app's hash (hand-written, portable and synchronous), the portable library it was weighed
// against, and Node's own (server only; `hash` needs Node 20.12). See docs/decisions/0003.
const HASHES: Record<string, (text: string) => string> = {
  hand_written: sha256HexOfText,
  noble_hashes: (text) => bytesToHex(sha256(utf8.encode(text))),
  node_create_hash: (text) => createHash("sha256").update(text, "utf8").digest("hex"),
  node_hash: (text) => hash("sha256", text, "hex"),
};

/**
 * The hash step alone: every item text through each implementation, in one process. The texts are
 * hashed as parsed (the importer hashes them after NFC and trimming, which these texts pass through
 * unchanged but for the normaliser's own time, which stays in the parse rows).
 */
function benchHashes(texts: readonly string[], parseMs: number): void {
  const expected = texts.map(HASHES.hand_written!);
  for (const [implementation, hashText] of Object.entries(HASHES)) {
    texts.forEach((text, k) => {
      if (hashText(text) !== expected[k]) throw new Error(`${implementation} disagrees with hand_written on item ${k}`);
    });
    let sink = 0;
    const median = medianRun(() => {
      for (const text of texts) sink += hashText(text).length;
    });
    if (sink === 0) throw new Error("nothing hashed");
    console.log(
      JSON.stringify({
        bench: "content_hash",
        implementation,
        items: texts.length,
        ms: Math.round(median.ms),
        items_per_s: Math.round((texts.length / median.ms) * 1000),
        cpu_ms: Math.round(median.cpuMs),
        share_of_parse: +(median.ms / parseMs).toFixed(2),
        runs: RUNS,
        statistic: "median",
      }),
    );
  }
}

async function bench(name: string, withIds: boolean): Promise<{ ms: number; texts: string[] }> {
  const bytes = generateJsonl(withIds);
  const input = chunks(bytes);
  await parseOnce(input);
  const runs: { ms: number; cpuMs: number }[] = [];
  let items = 0;
  let texts: string[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = await parseOnce(input);
    runs.push(result);
    items = result.items;
    texts = result.texts;
  }
  // The median run by wall time; CPU time beside it shows how much of that was other processes.
  const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)] ?? { ms: 0, cpuMs: 0 };
  console.log(
    JSON.stringify({
      bench: name,
      items,
      ms: Math.round(median.ms),
      items_per_s: Math.round((items / median.ms) * 1000),
      cpu_ms: Math.round(median.cpuMs),
      mb: +(bytes.length / 1e6).toFixed(1),
      runs: RUNS,
      statistic: "median",
    }),
  );
  return { ms: median.ms, texts };
}

const parsed = await bench("import_parse", true);
await bench("import_parse_derived_ids", false);
benchHashes(parsed.texts, parsed.ms);
