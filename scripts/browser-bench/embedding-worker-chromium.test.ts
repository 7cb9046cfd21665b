import { existsSync } from "node:fs";
import { utimes } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddingWorkerStatus } from "@/lib/ml/embedding-protocol";
import { createTemporaryTestModel, type TemporaryTestModel } from "../onnx/test-model-fixture";
import { startModuleServer, type ModuleServer } from "./module-server";

// The app's real embedding worker, in real Chromium, on onnxruntime-web's WebAssembly backend.
const CHROMIUM = "/usr/bin/chromium";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SLOW_MS = 120_000;

interface WorkerOutcome {
  readonly status: EmbeddingWorkerStatus;
  readonly norms: number[];
  readonly widths: number[];
  readonly duplicatesEqual: boolean;
  readonly error: string | null;
}

/** Page-side script: the client the React hook uses, driving the worker as the app does. */
function embedInPage(modelId: string, texts: readonly string[]): string {
  return `(async () => {
    const { EmbeddingWorkerClient } = await import("/lib/ml/embedding-worker-client.ts");
    const client = new EmbeddingWorkerClient(new Worker("/lib/ml/embedding-worker.ts", { type: "module" }));
    client.load({ modelId: ${JSON.stringify(modelId)}, allowRemoteModels: false });
    await new Promise((resolve) => {
      const check = () => ["ready", "failed"].includes(client.snapshot.status.state) && resolve(undefined);
      client.subscribe(check);
      check();
    });
    let vectors = [];
    let error = null;
    try { vectors = await client.embed(${JSON.stringify(texts)}); } catch (e) { error = String(e.message); }
    const status = client.snapshot.status;
    client.terminate();
    return {
      status,
      norms: vectors.map((v) => Math.hypot(...v)),
      widths: vectors.map((v) => v.length),
      duplicatesEqual: vectors.length > 2 && vectors[0].every((x, i) => x === vectors[2][i]),
      error,
    };
  })()`;
}

describe.skipIf(!existsSync(CHROMIUM))("embedding worker in Chromium", () => {
  let model: TemporaryTestModel;
  let server: ModuleServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    model = await createTemporaryTestModel();
    server = await startModuleServer({
      repoRoot,
      modelsDir: model.modelsDir,
      driverModule: "/scripts/browser-bench/embedding-driver.ts",
      onRequest: (method, pathname) => requests.push(`${method} ${pathname}`),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
    page = await browser.newPage();
    await page.goto(server.origin);
  }, SLOW_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await model?.remove();
  });

  it("loads the local model over HTTP and embeds texts into unit vectors with threads", async () => {
    const outcome = (await page.evaluate(embedInPage(model.modelId, ["Free msg: txt STOP", "ok", "Free msg: txt STOP"]))) as WorkerOutcome;
    expect(outcome.error).toBeNull();
    expect(outcome.status).toMatchObject({
      state: "ready",
      modelId: model.modelId,
      source: `loaded from /models/${model.modelId} (local)`,
      dtype: "q8",
      dimensions: 384,
      crossOriginIsolated: true,
    });
    // The page is cross-origin isolated, so onnxruntime-web keeps more than one thread.
    const threads = outcome.status.state === "ready" ? outcome.status.threads : 0;
    expect(threads).toBeGreaterThanOrEqual(Math.min(2, await page.evaluate("navigator.hardwareConcurrency")));
    expect(outcome.widths).toEqual([384, 384, 384]);
    for (const norm of outcome.norms) expect(norm).toBeCloseTo(1, 4);
    expect(outcome.duplicatesEqual).toBe(true);
  }, SLOW_MS);

  it("keeps the model files between visits and downloads a file again once it changed on the server", async () => {
    // A fresh context: its Cache Storage is empty, as on a first visit.
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(server.origin);
    const weights = `/models/${model.modelId}/onnx/model_quantized.onnx`;
    const visit = async (): Promise<{ state: string; downloads: number; checks: number }> => {
      requests.length = 0;
      const outcome = (await visitor.evaluate(embedInPage(model.modelId, ["Free msg: txt STOP", "ok", "Free msg: txt STOP"]))) as WorkerOutcome;
      expect(outcome.error).toBeNull();
      return {
        state: outcome.status.state,
        downloads: requests.filter((request) => request === `GET ${weights}`).length,
        checks: requests.filter((request) => request === `HEAD ${weights}`).length,
      };
    };
    try {
      // Without a cached copy, transformers.js GETs each file twice: once for its size (progress
      // total; it reads only the headers) and once for the bytes.
      const first = await visit();
      expect(first.state).toBe("ready");
      expect(first.downloads).toBeGreaterThan(0);
      // Second visit, new worker: the weights come from the Cache API after a HEAD confirms them.
      const second = await visit();
      expect(second).toMatchObject({ state: "ready", downloads: 0 });
      expect(second.checks).toBeGreaterThan(0);
      // The file is replaced on the server (a new modification time): downloaded again, then kept.
      const later = new Date(Date.now() + 60_000);
      await utimes(path.join(model.modelDir, "onnx/model_quantized.onnx"), later, later);
      const afterChange = await visit();
      expect(afterChange.state).toBe("ready");
      expect(afterChange.downloads).toBeGreaterThan(0);
      expect(await visit()).toMatchObject({ state: "ready", downloads: 0 });
    } finally {
      await context.close();
    }
  }, SLOW_MS);

  it("reports why no model could be loaded and fails embed requests with that reason", async () => {
    const outcome = (await page.evaluate(embedInPage("owner/missing-model", ["hello"]))) as WorkerOutcome;
    expect(outcome.status.state).toBe("failed");
    const reason = outcome.status.state === "failed" ? outcome.status.reason : "";
    expect(reason).toContain("/models/owner/missing-model does not exist or is empty, and this deployment does not allow remote models");
    expect(outcome.error).toBe(reason);
  }, SLOW_MS);
});
