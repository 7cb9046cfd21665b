import type { ExportRecord } from "@/lib/export/export-record";
import type { ExportFilePiece } from "@/lib/export/export-stream";

/** A resolved single-label record; tests override what they are about. */
export function exportRecord(overrides: Partial<ExportRecord> & Pick<ExportRecord, "id">): ExportRecord {
  return {
    text: `text of ${overrides.id}`,
    labels: ["ham"],
    decidedBy: "unanimous",
    agreement: 1,
    annotators: 3,
    notSure: 0,
    suggestion: null,
    ...overrides,
  };
}

/**
 * Chunks decoded one by one with a fatal decoder, so a chunk cut inside a UTF-8 sequence fails the
 * test instead of being glued back together.
 */
export async function collectChunks(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(chunk));
  return all;
}

export async function collectText(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  return (await collectChunks(chunks)).join("");
}

/** Files of a multi-file writer, in first-written order, plus the order pieces arrived in. */
export async function collectFiles(
  pieces: AsyncIterable<ExportFilePiece>,
): Promise<{ files: Map<string, string>; pieceOrder: string[] }> {
  const files = new Map<string, string>();
  const pieceOrder: string[] = [];
  for await (const piece of pieces) {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(piece.chunk);
    files.set(piece.path, (files.get(piece.path) ?? "") + text);
    pieceOrder.push(piece.path);
  }
  return { files, pieceOrder };
}
