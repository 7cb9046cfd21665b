import { describe, expect, it } from "vitest";
import { predictProba } from "./classifier-model";
import { sparseFeatureMatrix } from "./feature-matrix";
import { hashedFeatureDimension, hashedFeatures } from "./hashed-features";
import { deserializeModel, serializeModel } from "./model-serialization";
import { trainClassifier } from "./train-classifier";

const texts = ["free prize call now", "see you at lunch", "win cash now", "meeting moved to noon"];
const vectors = texts.map((text) => hashedFeatures(text));
const model = trainClassifier(sparseFeatureMatrix(vectors, hashedFeatureDimension()), {
  kind: "single-label",
  numClasses: 2,
  labels: [1, 0, 1, 0],
});

describe("model serialization", () => {
  it("round-trips through JSON text bit-exactly", () => {
    const restored = deserializeModel(JSON.parse(JSON.stringify(serializeModel(model))));
    expect(restored.version).toBe(1);
    expect(Array.from(restored.weights)).toEqual(Array.from(model.weights));
    expect(Array.from(restored.bias)).toEqual(Array.from(model.bias));
    expect(Array.from(predictProba(restored, hashedFeatures("win a free lunch")))).toEqual(
      Array.from(predictProba(model, hashedFeatures("win a free lunch"))),
    );
  });

  it("lists only the columns that carry weights", () => {
    const json = serializeModel(model);
    const used = new Set(vectors.flatMap((vector) => Array.from(vector.indices)));
    expect(json.columns.length).toBe(used.size);
    expect(json.weights.length).toBe(used.size * 2);
  });

  it("refuses another version or inconsistent sizes, saying to retrain", () => {
    const json = serializeModel(model);
    expect(() => deserializeModel({ ...json, version: 2 })).toThrow(/version 2.*retrain/);
    expect(() => deserializeModel({ ...json, weights: json.weights.slice(1) })).toThrow(/weights for/);
    expect(() => deserializeModel({ ...json, columns: [json.inputDim, ...json.columns.slice(1)] })).toThrow(/outside/);
  });
});
