/**
 * Per-tensor symmetric int8 weight quantisation, as onnxruntime's quantize_dynamic applies it to
 * weights with its default QInt8 weight type: zero point 0, range [-127, 127], scale = max|w| / 127.
 */

export interface QuantizedWeights {
  readonly values: Int8Array;
  readonly scale: number;
}

export function quantizeSymmetricInt8(weights: Float32Array): QuantizedWeights {
  let maxAbs = 0;
  for (const weight of weights) maxAbs = Math.max(maxAbs, Math.abs(weight));
  // An all-zero tensor still needs a positive scale for DequantizeLinear.
  const scale = maxAbs > 0 ? Math.fround(maxAbs / 127) : 1;
  const values = new Int8Array(weights.length);
  for (let index = 0; index < weights.length; index += 1) {
    const quantized = Math.round((weights[index] ?? 0) / scale);
    values[index] = Math.max(-127, Math.min(127, quantized));
  }
  return { values, scale };
}
