import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORT_CPU_RUNTIME_FILES } from "@/lib/ml/ort-runtime";
import { startModuleServer, type ModuleServer } from "./module-server";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let modelsDir: string;
let server: ModuleServer;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(os.tmpdir(), "goldset-module-server-"));
  await mkdir(path.join(modelsDir, "owner/model"), { recursive: true });
  await writeFile(path.join(modelsDir, "owner/model/config.json"), '{"model_type":"bert"}');
  server = await startModuleServer({ repoRoot, modelsDir, driverModule: "/scripts/browser-bench/embedding-driver.ts" });
});

afterAll(async () => {
  await server?.close();
  await rm(modelsDir, { recursive: true, force: true });
});

const get = (pathname: string, method = "GET") => fetch(`${server.origin}${pathname}`, { method });

describe("module server", () => {
  it("listens on loopback only", () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("sends the headers that make the page cross-origin isolated", async () => {
    const response = await get("/");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(await response.text()).toContain('import * as driver from "/scripts/browser-bench/embedding-driver.ts"');
  });

  it("serves TypeScript modules as JavaScript with browser-resolvable imports", async () => {
    const response = await get("/lib/ml/embedding-service.ts");
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    const code = await response.text();
    expect(code).toContain('from "/vendor/transformers.js"');
    expect(code).not.toMatch(/import type|: EmbeddingServiceEnvironment/);
  });

  it("resolves extensionless relative imports and the @/ alias", async () => {
    expect((await get("/lib/ml/model-source")).status).toBe(200);
    expect(await (await get("/scripts/browser-bench/embedding-driver.ts")).text()).toContain('from "/lib/ml/embedding-worker-client"');
  });

  it("serves the onnxruntime-web runtime and nothing else under /ort/", async () => {
    const wasm = await get(`/ort/${ORT_CPU_RUNTIME_FILES.wasm}`, "HEAD");
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect((await get(`/ort/${ORT_CPU_RUNTIME_FILES.mjs}`, "HEAD")).status).toBe(200);
    expect((await get("/ort/package.json")).status).toBe(404);
  });

  it("answers HEAD and GET for model files and 404 for missing ones", async () => {
    expect((await get("/models/owner/model/config.json", "HEAD")).status).toBe(200);
    expect(await (await get("/models/owner/model/config.json")).json()).toEqual({ model_type: "bert" });
    expect((await get("/models/owner/model/onnx/model_quantized.onnx", "HEAD")).status).toBe(404);
  });

  it("does not let a path climb out of its root", async () => {
    expect((await get("/models/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    expect((await get("/lib/..%2Fpackage.json")).status).toBe(404);
    expect((await get("/lib/..%2Fbench%2Fembedding-throughput.ts")).status).toBe(404);
  });
});
