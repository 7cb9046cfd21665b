import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pullModel } from "./models-command";

const MODEL = "owner/tiny-model";
let dir: string;
let server: Server;
let hub: string;

/** A model hub stand-in: serves /{model}/resolve/main/{file}; "hang" mode accepts and never answers. */
function startHub(mode: "serve" | "hang"): Promise<void> {
  server = createServer((request, response) => {
    if (mode === "hang") return;
    const match = /^\/owner\/tiny-model\/resolve\/main\/(.+)$/.exec(request.url ?? "");
    if (!match || match[1] === "vocab.txt") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" }).end(`contents of ${match[1]}`);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      hub = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
      resolve();
    }),
  );
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "goldset-models-"));
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("pullModel", () => {
  it("downloads the files transformers.js needs into the models directory, skipping optional ones the hub lacks", async () => {
    await startHub("serve");
    const result = await pullModel({ modelsDir: dir, modelId: MODEL, dtype: "q8", hub, timeoutMs: 5_000, force: false, log: () => undefined });
    expect(result.files.map((f) => f.file)).toEqual(["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx", "special_tokens_map.json"]);
    expect(readFileSync(path.join(dir, "owner/tiny-model/onnx/model_quantized.onnx"), "utf8")).toBe("contents of onnx/model_quantized.onnx");
    expect(existsSync(path.join(dir, "owner/tiny-model/onnx/model_quantized.onnx.part"))).toBe(false);
    const again = await pullModel({ modelsDir: dir, modelId: MODEL, dtype: "q8", hub, timeoutMs: 5_000, force: false, log: () => undefined });
    expect(again.skipped).toBe(true);
  });

  it("gives up with a clear message when the hub does not answer, instead of hanging", async () => {
    await startHub("hang");
    const started = performance.now();
    await expect(pullModel({ modelsDir: dir, modelId: MODEL, dtype: "q8", hub, timeoutMs: 300, force: false, log: () => undefined })).rejects.toThrow(
      /Could not download config.json of owner\/tiny-model from .*: no data for 0.3 s \(is there internet access.*copy config.json, tokenizer.json, tokenizer_config.json, onnx\/model_quantized.onnx into .* by hand/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(existsSync(path.join(dir, "owner/tiny-model/config.json"))).toBe(false);
  });

  it("refuses a model id that could leave the models directory", async () => {
    await startHub("serve");
    await expect(pullModel({ modelsDir: dir, modelId: "../etc", dtype: "q8", hub, timeoutMs: 1_000, force: false, log: () => undefined })).rejects.toThrow(/not a model id/);
  });
});
