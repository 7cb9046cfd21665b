/**
 * Which onnxruntime-web WebAssembly runtime the embedding worker loads, and from where.
 *
 * transformers.js' browser build defaults to the "asyncify" runtime (27 MB), which exists for
 * WebGPU. The worker only uses the CPU, so it loads the plain SIMD + threads build (14 MB), the
 * one transformers.js itself picks where WebGPU is missing. Measured in Chromium 156 with the
 * setup of bench/embedding-throughput.ts, both embed at the same speed on the CPU (q8, one
 * thread), so the plain build costs half the download and compile time for nothing.
 * scripts/copy-ort-wasm.mjs copies exactly these files to public/ort/ at install.
 */
export const ORT_URL_PATH = "/ort/";

export const ORT_CPU_RUNTIME_FILES = {
  mjs: "ort-wasm-simd-threaded.mjs",
  wasm: "ort-wasm-simd-threaded.wasm",
} as const;

export interface OrtRuntimeUrls {
  readonly mjs: string;
  readonly wasm: string;
}

export function ortCpuRuntimeUrls(base: string = ORT_URL_PATH): OrtRuntimeUrls {
  return { mjs: `${base}${ORT_CPU_RUNTIME_FILES.mjs}`, wasm: `${base}${ORT_CPU_RUNTIME_FILES.wasm}` };
}
