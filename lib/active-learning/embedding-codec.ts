import { float16BitsToFloat32, float32ToFloat16Bits } from "./float16";

/**
 * Compact wire formats for posting embeddings (rows of `dim` floats) from the browser to the
 * server. Both are little-endian so the bytes mean the same on every machine:
 * - `float16`: 2 bytes per value, IEEE half precision (relative error <= 2^-11 in the normal range);
 * - `int8`: per row a float32 scale followed by `dim` signed bytes, value = byte * scale, with
 *   scale = max|x| / 127, so the error of each value is at most scale / 2.
 */
export type EmbeddingFormat = "float16" | "int8";

export function encodedRowBytes(dim: number, format: EmbeddingFormat): number {
  return format === "float16" ? 2 * dim : 4 + dim;
}

export function encodeEmbeddings(data: Float32Array, dim: number, format: EmbeddingFormat): Uint8Array {
  const rows = rowCount(data.length, dim);
  const bytes = new Uint8Array(rows * encodedRowBytes(dim, format));
  const view = new DataView(bytes.buffer);
  if (format === "float16") {
    for (let i = 0; i < data.length; i++) view.setUint16(2 * i, float32ToFloat16Bits(data[i] as number), true);
    return bytes;
  }
  const stride = encodedRowBytes(dim, format);
  for (let row = 0; row < rows; row++) {
    const start = row * dim;
    let maxAbs = 0;
    for (let j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(data[start + j] as number));
    // Quantise with the float32 scale that is actually stored, so decoding reproduces it exactly.
    const scale = Math.fround(maxAbs / 127);
    view.setFloat32(row * stride, scale, true);
    for (let j = 0; j < dim; j++) {
      const level = scale > 0 ? Math.round((data[start + j] as number) / scale) : 0;
      view.setInt8(row * stride + 4 + j, Math.max(-127, Math.min(127, level)));
    }
  }
  return bytes;
}

export function decodeEmbeddings(bytes: Uint8Array, dim: number, format: EmbeddingFormat): Float32Array {
  const stride = encodedRowBytes(dim, format);
  if (bytes.length % stride !== 0) {
    throw new RangeError(
      `embedding codec: ${bytes.length} bytes is not a whole number of ${format} rows of dimension ${dim} ` +
        `(${stride} bytes each); check the format and dimension the sender used`,
    );
  }
  const rows = bytes.length / stride;
  const out = new Float32Array(rows * dim);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === "float16") {
    for (let i = 0; i < out.length; i++) out[i] = float16BitsToFloat32(view.getUint16(2 * i, true));
    return out;
  }
  for (let row = 0; row < rows; row++) {
    const scale = view.getFloat32(row * stride, true);
    for (let j = 0; j < dim; j++) out[row * dim + j] = view.getInt8(row * stride + 4 + j) * scale;
  }
  return out;
}

function rowCount(length: number, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1 || length % dim !== 0) {
    throw new RangeError(`embedding codec: ${length} values do not form rows of dimension ${dim}`);
  }
  return length / dim;
}
