/**
 * Copies onnxruntime-web's WebAssembly runtime into public/ort/, so the app serves it itself at
 * /ort/ instead of transformers.js' default CDN. Runs at install (postinstall): plain Node ESM.
 *
 * The files come from the onnxruntime-web that @huggingface/transformers itself resolves, so the
 * runtime always matches the JavaScript that loads it. Which files: the plain SIMD + threads CPU
 * build that the embedding worker loads (names kept in step with lib/ml/ort-runtime.ts, which
 * explains the choice).
 *
 *   node scripts/copy-ort-wasm.mjs [--out <dir>]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const ORT_RUNTIME_FILES = ["ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

/** The root folder of the package `name` as resolved from `fromFile`. */
function packageRoot(name, fromFile) {
  let entry;
  try {
    entry = createRequire(fromFile).resolve(name);
  } catch (error) {
    throw new Error(`Cannot find ${name} from ${fromFile}: run npm install first (${error.message})`);
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === name) return dir;
  }
  throw new Error(`Cannot find the package.json of ${name} above ${entry}`);
}

/** The runtime files, the onnxruntime-web version they belong to, and the folder holding them. */
export function findOrtRuntimeFiles() {
  const transformersRoot = packageRoot("@huggingface/transformers", path.join(repoRoot, "package.json"));
  const ortRoot = packageRoot("onnxruntime-web", path.join(transformersRoot, "package.json"));
  const { version } = JSON.parse(readFileSync(path.join(ortRoot, "package.json"), "utf8"));
  const sourceDir = path.join(ortRoot, "dist");
  const missing = ORT_RUNTIME_FILES.filter((name) => !existsSync(path.join(sourceDir, name)));
  if (missing.length > 0) throw new Error(`onnxruntime-web ${version} in ${sourceDir} lacks ${missing.join(", ")}`);
  return { version, sourceDir, files: [...ORT_RUNTIME_FILES] };
}

/** Copies the runtime into `outDir`, removing runtime files left there by another version. */
export function copyOrtRuntimeFiles(outDir) {
  const runtime = findOrtRuntimeFiles();
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir)) {
    if (/^ort-wasm-/.test(stale) && !runtime.files.includes(stale)) rmSync(path.join(outDir, stale));
  }
  for (const name of runtime.files) copyFileSync(path.join(runtime.sourceDir, name), path.join(outDir, name));
  return { ...runtime, outDir };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outFlag = process.argv.indexOf("--out");
  const outDir = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]) : path.join(repoRoot, "public", "ort");
  try {
    const copied = copyOrtRuntimeFiles(outDir);
    const bytes = copied.files.reduce((sum, name) => sum + statSync(path.join(outDir, name)).size, 0);
    console.log(`onnxruntime-web ${copied.version}: copied ${copied.files.join(", ")} (${(bytes / 1e6).toFixed(1)} MB) to ${outDir}`);
  } catch (error) {
    console.error(`copy-ort-wasm: ${error.message}`);
    process.exitCode = 1;
  }
}
