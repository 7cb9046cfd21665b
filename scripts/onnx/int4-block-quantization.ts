/**
 * Block-wise symmetric 4-bit weight quantisation in the layout of onnxruntime's MatMulNBits
 * (com.microsoft, bits 4), the operator transformers.js' "q4" model files use for their MatMuls:
 * B is [N, blocksPerColumn, blockSize / 2] bytes, one column (output feature) after another, two
 * values per byte with the lower K index in the low nibble; one float scale per block, and no
 * zero-point input, so every block's zero point is the operator's default 8.
 */

export interface Int4BlockWeights {
  readonly packed: Uint8Array;
  /** [N × blocksPerColumn], column-major like `packed`. */
  readonly scales: Float32Array;
  readonly blocksPerColumn: number;
  readonly blockSize: number;
}

const ZERO_POINT = 8;

/** `kernel` is row-major [inFeatures, outFeatures] (the MatMul layout); K beyond inFeatures is padded with zeros. */
export function quantizeBlockwiseInt4(kernel: Float32Array, inFeatures: number, outFeatures: number, blockSize = 32): Int4BlockWeights {
  // MatMulNBits takes power-of-two blocks of at least 16.
  if (!Number.isInteger(Math.log2(blockSize)) || blockSize < 16) throw new RangeError(`block size must be a power of two ≥ 16, got ${blockSize}`);
  if (kernel.length !== inFeatures * outFeatures) {
    throw new RangeError(`kernel has ${kernel.length} weights, expected ${inFeatures} × ${outFeatures}`);
  }
  const blocksPerColumn = Math.ceil(inFeatures / blockSize);
  const bytesPerBlock = blockSize / 2;
  const packed = new Uint8Array(outFeatures * blocksPerColumn * bytesPerBlock);
  const scales = new Float32Array(outFeatures * blocksPerColumn);
  for (let column = 0; column < outFeatures; column += 1) {
    for (let block = 0; block < blocksPerColumn; block += 1) {
      const first = block * blockSize;
      const last = Math.min(inFeatures, first + blockSize);
      let maxAbs = 0;
      for (let k = first; k < last; k += 1) maxAbs = Math.max(maxAbs, Math.abs(kernel[k * outFeatures + column] ?? 0));
      // ±7 steps around the zero point 8 keep the codes in 1..15, symmetric like the int8 weights.
      const scale = maxAbs > 0 ? Math.fround(maxAbs / 7) : 1;
      const blockIndex = column * blocksPerColumn + block;
      scales[blockIndex] = scale;
      for (let offset = 0; offset < blockSize; offset += 1) {
        const k = first + offset;
        const weight = k < last ? (kernel[k * outFeatures + column] ?? 0) : 0;
        const code = Math.max(0, Math.min(15, Math.round(weight / scale) + ZERO_POINT));
        const byte = blockIndex * bytesPerBlock + (offset >> 1);
        packed[byte] = (packed[byte] ?? 0) | (offset % 2 === 0 ? code : code << 4);
      }
    }
  }
  return { packed, scales, blocksPerColumn, blockSize };
}

/** The weight at (k, column) as MatMulNBits reconstructs it: (code − 8) × scale. */
export function dequantizedInt4(weights: Int4BlockWeights, k: number, column: number): number {
  const block = Math.floor(k / weights.blockSize);
  const offset = k % weights.blockSize;
  const blockIndex = column * weights.blocksPerColumn + block;
  const byte = weights.packed[blockIndex * (weights.blockSize / 2) + (offset >> 1)] ?? 0;
  const code = offset % 2 === 0 ? byte & 0x0f : byte >> 4;
  return (code - ZERO_POINT) * (weights.scales[blockIndex] ?? 0);
}
