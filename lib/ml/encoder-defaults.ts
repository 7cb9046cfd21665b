/**
 * The configuration the sentence encoder runs with unless a caller says otherwise, in the
 * browser worker and under Node alike (the same dtype on both sides, so that vectors embedded by
 * the CLI and by annotators' browsers come from the same weights). Chosen by measurement:
 * `npx tsx bench/embedding-throughput.ts` on 2,000 SMS texts, MiniLM-L6-shaped random-weight
 * model, Chromium 156 vs onnxruntime-node 1.30, 2 cores (AVX2, no VNNI), best of 2, items/s:
 *
 *   dtype  threads  node   browser  ratio   (batch 4)
 *   q8     1        164.3   60.1    0.366
 *   q8     2        242.9  104.7    0.431   <- the app's configuration
 *   fp32   1         98.2   29.7    0.302
 *   fp32   2        170.4   54.1    0.318
 *   q4     1         92.4   26.7    0.289
 *   q4     2        156.1   47.0    0.301
 *
 * The browser is cross-origin isolated and its two threads really compute (CPU seconds per wall
 * second 1.99). q8 is the fastest in both runtimes: onnxruntime-web's WebAssembly build has
 * int8 GEMM kernels, but no relaxed-SIMD or 4-bit kernels (q4's MatMulNBits falls back to
 * dequantising to float32 on every run), and its fp32 GEMM is 128-bit SIMD without FMA against
 * native AVX2 + FMA. No graph optimisation level beat onnxruntime's default "all" in the browser
 * (disabled, basic, extended: 36–39 items/s against 38–44 at batch 8, one thread), and the
 * tokenizer takes about 1% of the time (8,000 texts/s in the page), so neither is a lever.
 * Nor is the onnxruntime-web version: raw sessions of 1.20.1, 1.22.0, 1.24.3, 1.26.0, 1.30.0 and
 * the 1.31 dev build transformers.js ships all ran the q8 model within noise of one another (one
 * thread, best of 3: 49–58 items/s), and none of their wasm files holds a relaxed-SIMD opcode
 * (checked with binaryen's wasm-dis), the instructions onnxruntime's int8 dot-product kernel needs.
 */
import type { ModelDtype } from "./model-source";

export const DEFAULT_DTYPE: ModelDtype = "q8";

/**
 * Texts per inference call. A batch is padded to its longest text even after length sorting, so
 * small batches waste the least; below 4 the matrices get too small to split well across two
 * WebAssembly threads. Same bench, q8, 2 threads, items/s (node / browser / ratio):
 *   batch 1: 202.8 / 70.0 / 0.345    batch 2: 271.4 / 95.7 / 0.353
 *   batch 4: 242.9 / 104.7 / 0.431   batch 8: 225.7 / 83.9 / 0.372
 * (the batch size was 8 before; one thread in the browser: 56.7, 63.5, 60.1 and 49.7).
 */
export const DEFAULT_BATCH_SIZE = 4;

/**
 * WebAssembly threads for a browser with `hardwareConcurrency` logical cores, before the
 * cross-origin isolation check: every core, since the worker is the page's only heavy work while
 * items are pending and the second thread gave 1.74× on two cores (60.1 → 104.7 items/s).
 */
export function defaultWasmThreads(hardwareConcurrency: number): number {
  return Math.max(1, Math.floor(hardwareConcurrency) || 1);
}
