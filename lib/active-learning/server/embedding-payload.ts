/**
 * Embeddings as browsers post them: per item, the ref its claim handed out and one base64 row in
 * the wire format of lib/active-learning/embedding-codec.ts. Decoding checks what the database
 * cannot: that each row has exactly the bytes its format and dimension call for and holds finite
 * numbers. Whether the refs are the poster's batch is for storeEmbeddings (db/queries/embeddings.ts).
 */
import "server-only";
import { base64ToBytes } from "@/lib/active-learning/base64";
import { decodeEmbeddings, encodedRowBytes, type EmbeddingFormat } from "@/lib/active-learning/embedding-codec";
import { GoldsetError, type Problem } from "@/lib/errors";

export const MAX_EMBEDDING_DIM = 4096;
/** Rows per post: a claimed batch, with room to spare. */
export const MAX_VECTORS_PER_POST = 256;

export interface PostedVector {
  readonly ref: string;
  readonly data: string;
}

export interface DecodedRow {
  readonly ref: string;
  readonly bytes: Uint8Array;
}

export function decodePostedVectors(input: { encoding: EmbeddingFormat; dim: number; vectors: readonly PostedVector[] }): DecodedRow[] {
  const { encoding, dim } = input;
  const rowBytes = encodedRowBytes(dim, encoding);
  const problems: Problem[] = [];
  const rows: DecodedRow[] = [];
  input.vectors.forEach((vector, index) => {
    const field = `vectors.${index}.data`;
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(vector.data);
    } catch (error) {
      problems.push({ field, message: `${field}: not base64: ${(error as Error).message}` });
      return;
    }
    if (bytes.length !== rowBytes) {
      problems.push({
        field,
        message: `${field}: ${bytes.length} bytes, but one ${encoding} row of dimension ${dim} takes ${rowBytes}`,
      });
      return;
    }
    const values = decodeEmbeddings(bytes, dim, encoding);
    if (!values.every(Number.isFinite)) {
      problems.push({ field, message: `${field}: holds a NaN or infinite value` });
      return;
    }
    rows.push({ ref: vector.ref, bytes });
  });
  if (problems.length > 0) {
    throw new GoldsetError("bad_request", `${problems.length} of ${input.vectors.length} posted embedding(s) are malformed; none was stored.`, problems);
  }
  return rows;
}
