import { type ImportLog, type ImportProblem, formatCount } from "@/lib/import/import-log";

/** What every reader takes: the file's bytes in chunks, from a Node stream, `Blob.stream()` or an array. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ReadOptions {
  /** Called after each chunk with the bytes consumed so far, for a progress bar. */
  onProgress?: (bytesRead: number) => void;
}

/** Whole lines of decoded text: every line but possibly the file's last ends with "\n". */
export interface LineBlock {
  text: string;
  firstLine: number;
  /**
   * Lines with bytes that are not UTF-8, one problem each. The reader of the lines logs them when
   * it reaches them (so problems stay in line order however the file was chunked) and drops the
   * records that touch them.
   */
  invalidLines: readonly ImportProblem[];
}

const NEWLINE = 0x0a;

// Line boundaries are found on the bytes, before decoding: 0x0A never occurs inside a multi-byte
// UTF-8 sequence, so a run of whole lines is always a whole run of characters, whatever the chunk
// boundaries. Each run is decoded in one call (fast); only a run that fails is decoded again line
// by line, to name the line with the bad bytes.
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Splits a byte stream into blocks of whole decoded lines. A leading UTF-8 byte order mark is
 * dropped. A line with bytes that are not UTF-8 comes with a problem naming its line and column,
 * and is passed on with U+FFFD in their place so the rest of the file is still checked.
 */
export async function* readLineBlocks(source: ByteSource, log: ImportLog, options: ReadOptions = {}): AsyncGenerator<LineBlock> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let nextLine = 1;
  let atStart = true;

  function decodeBlock(bytes: Uint8Array): LineBlock {
    const firstLine = nextLine;
    const invalidLines: ImportProblem[] = [];
    let text = decodeLines(bytes, firstLine, invalidLines);
    if (atStart) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    nextLine += countNewlineBytes(bytes);
    return { text, firstLine, invalidLines };
  }

  for await (const chunk of source) {
    log.bytesRead += chunk.length;
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      // Copied (Buffer#slice would not copy) because a reader may reuse its buffer for the next chunk.
      pending.push(new Uint8Array(chunk));
      pendingLength += chunk.length;
    } else {
      let wholeLinesFrom = 0;
      if (pendingLength > 0) {
        const firstNewline = chunk.indexOf(NEWLINE);
        pending.push(chunk.subarray(0, firstNewline + 1));
        yield decodeBlock(concatBytes(pending, pendingLength + firstNewline + 1));
        wholeLinesFrom = firstNewline + 1;
      }
      if (wholeLinesFrom <= lastNewline) yield decodeBlock(chunk.subarray(wholeLinesFrom, lastNewline + 1));
      const rest = new Uint8Array(chunk.subarray(lastNewline + 1));
      pending = rest.length > 0 ? [rest] : [];
      pendingLength = rest.length;
    }
    options.onProgress?.(log.bytesRead);
  }
  if (pendingLength > 0) yield decodeBlock(concatBytes(pending, pendingLength));
}

function decodeLines(bytes: Uint8Array, firstLine: number, invalidLines: ImportProblem[]): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    const parts: string[] = [];
    let line = firstLine;
    let start = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline < 0 ? bytes.length : newline + 1;
      const lineBytes = bytes.subarray(start, end);
      const bad = firstInvalidUtf8Offset(lineBytes);
      if (bad >= 0) {
        const before = lenientDecoder.decode(lineBytes.subarray(0, bad));
        const column = Array.from(line === 1 ? before.replace(/^\uFEFF/, "") : before).length + 1;
        const byte = (lineBytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
        invalidLines.push({
          line,
          message: `line ${line}: byte 0x${byte} at column ${formatCount(column)} is not valid UTF-8; save the file as UTF-8 (it may be Latin-1 or Windows-1252) and import it again`,
        });
      }
      parts.push(lenientDecoder.decode(lineBytes));
      start = end;
      line += 1;
    }
    return parts.join("");
  }
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // Ranges of the second byte follow the Unicode table of well-formed sequences (no overlongs,
    // no surrogates, nothing above U+10FFFF).
    let length: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) secondLow = 0xa0;
      if (lead === 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) secondLow = 0x90;
      if (lead === 0xf4) secondHigh = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    const second = bytes[i + 1] ?? 0;
    if (second < secondLow || second > secondHigh) return i;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k] ?? 0;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

function countNewlineBytes(bytes: Uint8Array): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at >= 0) {
    count += 1;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
