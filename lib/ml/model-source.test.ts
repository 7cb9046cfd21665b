import { describe, expect, it } from "vitest";
import {
  httpFileExists,
  isValidModelId,
  modelLoadSettings,
  modelWeightsFile,
  requiredModelFiles,
  resolveModelSource,
  type ModelSourceRequest,
} from "./model-source";

const MODEL = "Xenova/all-MiniLM-L6-v2";

function request(present: readonly string[], overrides: Partial<ModelSourceRequest> = {}): ModelSourceRequest {
  return {
    modelId: MODEL,
    dtype: "q8",
    allowRemoteModels: false,
    localLocation: `/models/${MODEL}`,
    fileExists: async (file) => present.includes(file),
    remoteHost: "https://hub.example/",
    ...overrides,
  };
}

const allQ8Files = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

describe("modelWeightsFile", () => {
  it("follows transformers.js' naming: q8 is the _quantized file, q4 the _q4 one", () => {
    expect(modelWeightsFile("q8")).toBe("onnx/model_quantized.onnx");
    expect(modelWeightsFile("fp32")).toBe("onnx/model.onnx");
    expect(modelWeightsFile("q4")).toBe("onnx/model_q4.onnx");
    expect(requiredModelFiles("fp32")).toContain("onnx/model.onnx");
  });
});

describe("resolveModelSource", () => {
  it("prefers the local models directory when every file is there", async () => {
    const source = await resolveModelSource(request(allQ8Files, { allowRemoteModels: true }));
    expect(source).toMatchObject({ kind: "local", location: `/models/${MODEL}` });
    expect(source.description).toBe(`loaded from /models/${MODEL} (local)`);
  });

  it("goes to the hub when files are missing and remote models are allowed", async () => {
    const source = await resolveModelSource(request([], { allowRemoteModels: true }));
    expect(source.kind).toBe("remote");
    expect(source.description).toBe(`loaded from https://hub.example/${MODEL} (remote: /models/${MODEL} does not exist or is empty)`);
  });

  it("explains why nothing loads when files are missing and remote models are not allowed", async () => {
    const source = await resolveModelSource(request(["config.json", "tokenizer.json", "tokenizer_config.json"]));
    expect(source.kind).toBe("unavailable");
    expect(source.description).toContain(`/models/${MODEL} lacks onnx/model_quantized.onnx`);
    expect(source.description).toContain("does not allow remote models");
    expect(source.description).toContain(`GOLDSET_MODELS_DIR/${MODEL}/`);
  });

  it("checks the weights file of the requested dtype", async () => {
    const source = await resolveModelSource(request(allQ8Files, { dtype: "fp32" }));
    expect(source.kind).toBe("unavailable");
    expect(source.description).toContain("lacks onnx/model.onnx");
  });

  it("treats a failing probe as a missing file", async () => {
    const source = await resolveModelSource(request([], { fileExists: () => Promise.reject(new Error("offline")) }));
    expect(source.kind).toBe("unavailable");
  });

  it("refuses model ids that could leave the models directory", async () => {
    for (const modelId of ["../etc/passwd", "/abs/path", "a/b/c", "owner/..", ""]) {
      expect(isValidModelId(modelId)).toBe(false);
      const source = await resolveModelSource(request(allQ8Files, { modelId, allowRemoteModels: true }));
      expect(source.kind).toBe("unavailable");
    }
    expect(isValidModelId(MODEL)).toBe(true);
    expect(isValidModelId("goldset-test/minilm-l6-random")).toBe(true);
  });
});

describe("modelLoadSettings", () => {
  it("loads a local model from the local directory only, kept by the validated cache rather than transformers.js' own", async () => {
    const source = await resolveModelSource(request(allQ8Files, { allowRemoteModels: true }));
    expect(modelLoadSettings(source, "/models/")).toEqual({
      allowLocalModels: true,
      allowRemoteModels: false,
      localModelPath: "/models/",
      useBrowserCache: false,
      useValidatedLocalCache: true,
    });
  });

  it("loads a remote model from the hub only, caching it in the browser", async () => {
    const source = await resolveModelSource(request(["config.json"], { allowRemoteModels: true }));
    expect(modelLoadSettings(source, "/models/")).toMatchObject({
      allowLocalModels: false,
      allowRemoteModels: true,
      useBrowserCache: true,
      useValidatedLocalCache: false,
    });
  });
});

describe("httpFileExists", () => {
  it("asks the server with HEAD under the model folder", async () => {
    const asked: string[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      asked.push(`${init?.method} ${String(url)}`);
      return new Response(null, { status: String(url).endsWith("config.json") ? 200 : 404 });
    }) as typeof fetch;
    const exists = httpFileExists(`/models/${MODEL}`, fakeFetch);
    expect(await exists("config.json")).toBe(true);
    expect(await exists("onnx/model_quantized.onnx")).toBe(false);
    expect(asked).toEqual([`HEAD /models/${MODEL}/config.json`, `HEAD /models/${MODEL}/onnx/model_quantized.onnx`]);
  });
});
