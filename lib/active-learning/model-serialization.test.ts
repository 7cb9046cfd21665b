import { describe, expect, it } from "vitest";
import { CLASSIFIER_MODEL_VERSION, predictProba, type ClassifierModel } from "./classifier-model";
import { sparseFeatureMatrix } from "./feature-matrix";
import { hashedFeatureDimension, hashedFeatures } from "./hashed-features";
import { deserializeModel, modelJsonSteps, serializeModel } from "./model-serialization";
import { seededRandom } from "@/lib/random";
import { runSteps } from "./steps";
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

describe("modelJsonSteps", () => {
  const random = seededRandom(5);
  // 10,000 columns x 3 classes, every fourth column unused: several slices of weights, with gaps.
  const wide: ClassifierModel = {
    version: CLASSIFIER_MODEL_VERSION,
    kind: "one-vs-rest",
    input: "dense",
    inputDim: 10_000,
    numClasses: 3,
    weights: Float32Array.from({ length: 30_000 }, (_, k) => (Math.floor(k / 3) % 4 === 0 ? 0 : random.next() - 0.5)),
    bias: Float32Array.of(0.25, -30, 1e-7),
    labelCounts: [4, 0, 9],
    trainingSize: 13,
    l2: 0.5,
  };
  const untrained: ClassifierModel = { ...wide, weights: new Float32Array(30_000) };

  it("writes exactly the text JSON.stringify writes for the serialized model", () => {
    for (const subject of [model, wide, untrained]) {
      const text = runSteps(modelJsonSteps(subject));
      expect(text).toBe(JSON.stringify(serializeModel(subject)));
      expect(Array.from(deserializeModel(JSON.parse(text)).weights)).toEqual(Array.from(subject.weights));
    }
  });
});
