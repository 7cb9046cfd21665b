import { CHUNK_TARGET_LENGTH } from "@/lib/export/export-stream";

const utf8 = new TextEncoder();

/**
 * Gathers whole lines into UTF-8 chunks of about CHUNK_TARGET_LENGTH characters, so a million
 * records cost a few thousand yields instead of a million. Cuts fall only between lines, never
 * inside a character, and depend only on the content, so chunking is as deterministic as the bytes.
 * Text is UTF-8 encoded here, once; a lone surrogate (not valid Unicode) becomes U+FFFD.
 */
export class LineBatcher {
  private pending = "";

  /** Adds text that ends on a line boundary; returns a chunk once enough has gathered. */
  add(text: string): Uint8Array | null {
    this.pending += text;
    if (this.pending.length < CHUNK_TARGET_LENGTH) return null;
    return this.take();
  }

  /** Returns whatever is left, or null when nothing is. */
  drain(): Uint8Array | null {
    return this.pending.length === 0 ? null : this.take();
  }

  private take(): Uint8Array {
    const chunk = utf8.encode(this.pending);
    this.pending = "";
    return chunk;
  }
}
