import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ORT_CPU_RUNTIME_FILES } from "@/lib/ml/ort-runtime";
import { copyOrtRuntimeFiles, findOrtRuntimeFiles } from "./copy-ort-wasm.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "goldset-ort-wasm-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const transformersDir = path.join(repoRoot, "node_modules/@huggingface/transformers");

describe("findOrtRuntimeFiles", () => {
  it("takes the onnxruntime-web version transformers.js depends on", () => {
    const manifest = JSON.parse(readFileSync(path.join(transformersDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(findOrtRuntimeFiles().version).toBe(manifest.dependencies["onnxruntime-web"]);
  });

  it("copies the runtime the embedding worker loads", () => {
    expect(findOrtRuntimeFiles().files).toEqual([ORT_CPU_RUNTIME_FILES.mjs, ORT_CPU_RUNTIME_FILES.wasm]);
  });

  it("matches the onnxruntime-web JavaScript bundled into transformers.js' browser build", () => {
    const bundle = readFileSync(path.join(transformersDir, "dist/transformers.js"), "utf8");
    expect(bundle).toContain(`ONNX Runtime Web v${findOrtRuntimeFiles().version}`);
  });
});

describe("copyOrtRuntimeFiles", () => {
  it("copies the runtime byte for byte and drops runtime files of another version", () => {
    const outDir = path.join(scratch, "ort");
    copyOrtRuntimeFiles(outDir);
    writeFileSync(path.join(outDir, "ort-wasm-simd-threaded.asyncify.wasm"), "stale");
    writeFileSync(path.join(outDir, "README.txt"), "not ours");

    const copied = copyOrtRuntimeFiles(outDir);
    expect(readdirSync(outDir).sort()).toEqual([...copied.files, "README.txt"].sort());
    for (const name of copied.files) {
      expect(statSync(path.join(outDir, name)).size).toBe(statSync(path.join(copied.sourceDir, name)).size);
    }
  });

  it("runs as a script with --out and reports what it copied", () => {
    const outDir = path.join(scratch, "cli");
    const result = spawnSync(process.execPath, ["scripts/copy-ort-wasm.mjs", "--out", outDir], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^onnxruntime-web 1\.\S+: copied ort-wasm-simd-threaded\.mjs, ort-wasm-simd-threaded\.wasm/);
    expect(readdirSync(outDir).length).toBeGreaterThanOrEqual(2);
  });
});
