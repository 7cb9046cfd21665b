/**
 * What writers hand to a sink. Writers yield UTF-8 bytes (the only encoding any format here uses),
 * encoded once, so neither the file or HTTP sink nor each hash has to encode the text again; at a
 * million records that encoding is the largest cost after serialisation. Sinks and digests also
 * accept strings, for callers that hold text.
 */
export type ExportChunk = string | Uint8Array;

/** One piece of a multi-file export: append `chunk` to the file at `path` (relative, `/`-separated). */
export type ExportFilePiece = { path: string; chunk: Uint8Array };

/**
 * Incremental digest of one file. Injected into writers that must state file hashes in their own
 * output (the Hugging Face card), so those writers stay free of node:crypto.
 */
export type FileDigest = {
  update(chunk: ExportChunk): void;
  /** Called once, after the last update. */
  finish(): { bytes: number; sha256: string };
};

/** Chunks are cut at line boundaries once this many UTF-16 units have accumulated. */
export const CHUNK_TARGET_LENGTH = 64 * 1024;
