import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dawidSkene, fitDawidSkene, fitDawidSkeneYielding } from "@/lib/aggregate/dawid-skene";
import { encodeAnnotations } from "@/lib/aggregate/encode-annotations";
import {
  annotatorAccuracy,
  fitMultiLabelModel,
  itemPosterior,
  modelFromResult,
  multiLabelVerdict,
  parseStoredDawidSkene,
  singleLabelVerdict,
  type DawidSkeneModel,
} from "@/lib/aggregate/dawid-skene-model";
import type { AnnotationRow } from "@/lib/aggregate/types";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const responsesFile = resolve(repoRoot, process.env.GOLDSET_DATASETS ?? "../shared/datasets", "dawid_skene_1979/responses.csv");

// Two classes; annotator "a" is good at spotting "yes", poor at "no".
const handModel: DawidSkeneModel = {
  classes: ["no", "yes"],
  priors: [0.5, 0.5],
  confusion: {
    a: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
    b: [
      [0.6, 0.4],
      [0.4, 0.6],
    ],
  },
};

describe("itemPosterior", () => {
  it("applies Bayes' rule to one vote (hand-worked)", () => {
    // P(yes | a says yes) = 0.5·0.8 / (0.5·0.1 + 0.5·0.8) = 0.4 / 0.45
    const posterior = itemPosterior(handModel, [{ annotator: "a", label: "yes" }])!;
    expect(posterior[1]).toBeCloseTo(0.4 / 0.45, 12);
    expect(posterior[0]! + posterior[1]!).toBeCloseTo(1, 12);
  });

  it("multiplies the votes' likelihoods (hand-worked)", () => {
    // a says yes, b says no: yes ∝ 0.5·0.8·0.4 = 0.16, no ∝ 0.5·0.1·0.6 = 0.03.
    const posterior = itemPosterior(handModel, [
      { annotator: "a", label: "yes" },
      { annotator: "b", label: "no" },
    ])!;
    expect(posterior[1]).toBeCloseTo(0.16 / 0.19, 12);
  });

  it("scores an annotator the fit never saw with the average of the known matrices", () => {
    // Pooled row "no" = [0.75, 0.25], row "yes" = [0.3, 0.7]: yes ∝ 0.5·0.7, no ∝ 0.5·0.25.
    const posterior = itemPosterior(handModel, [{ annotator: "newcomer", label: "yes" }])!;
    expect(posterior[1]).toBeCloseTo(0.35 / 0.475, 12);
  });

  it("ignores labels outside the model and returns null when no vote counts", () => {
    expect(itemPosterior(handModel, [{ annotator: "a", label: "maybe" }])).toBeNull();
    expect(itemPosterior(handModel, [])).toBeNull();
  });

  it("reproduces the fitted posteriors of every item from the stored parameters", () => {
    const rows: AnnotationRow[] = [];
    const truth = ["x", "y", "x", "z", "y", "x", "x", "y", "z", "x"];
    const annotators = ["p", "q", "r"];
    truth.forEach((label, item) =>
      annotators.forEach((annotator, index) => {
        // r is wrong on every third item; q mixes up y and z.
        const wrong = (annotator === "r" && item % 3 === 0) || (annotator === "q" && label !== "x" && item % 2 === 0);
        const answer = wrong ? (label === "x" ? "y" : label === "y" ? "z" : "x") : label;
        rows.push({ item: String(item), annotator, label: answer });
        if (index === 0 && item % 4 === 0) rows.push({ item: String(item), annotator, label: answer });
      }),
    );
    const result = dawidSkene(rows, { classes: ["x", "y", "z"], smoothing: 0.01 });
    const model = modelFromResult(result);
    for (const fitted of result.items) {
      const votes = rows.filter((row) => row.item === fitted.item);
      const posterior = itemPosterior(model, votes)!;
      posterior.forEach((probability, index) => expect(probability).toBeCloseTo(fitted.posterior[index]!, 10));
    }
  });
});

describe.skipIf(!existsSync(responsesFile))("the stored model on Dawid & Skene (1979)", () => {
  it("gives every patient the class and posterior of the fit", () => {
    const [, ...lines] = readFileSync(responsesFile, "utf8").trim().split(/\r?\n/);
    const rows = lines.map((line) => {
      const [patient = "", observer = "", , label = ""] = line.split(",");
      return { item: patient, annotator: observer, label };
    });
    const result = dawidSkene(rows);
    const model = modelFromResult(result);
    for (const fitted of result.items) {
      const verdict = singleLabelVerdict(
        model,
        rows.filter((row) => row.item === fitted.item),
      )!;
      expect(verdict.label).toBe(fitted.label);
      expect(verdict.posterior).toBeCloseTo(fitted.confidence, 9);
    }
  });
});

describe("fitDawidSkeneYielding", () => {
  it("gives the same fit as the blocking EM", async () => {
    const rows: AnnotationRow[] = [];
    for (let item = 0; item < 40; item++) {
      for (const annotator of ["a", "b", "c", "d"]) {
        const truth = item % 3 === 0 ? "pos" : "neg";
        const flip = (annotator === "d" && item % 2 === 0) || (annotator === "c" && item % 5 === 0);
        rows.push({ item: String(item), annotator, label: flip ? (truth === "pos" ? "neg" : "pos") : truth });
      }
    }
    const encoded = encodeAnnotations(rows);
    const blocking = fitDawidSkene(encoded);
    const yielding = await fitDawidSkeneYielding(encodeAnnotations(rows));
    expect(yielding.iterations).toBe(blocking.iterations);
    expect(yielding.logLikelihood).toBe(blocking.logLikelihood);
    expect(yielding.items.map((item) => item.label)).toEqual(blocking.items.map((item) => item.label));
  });
});

describe("multi-label models", () => {
  const perLabel: Record<string, DawidSkeneModel> = {
    sports: {
      classes: ["absent", "present"],
      priors: [0.5, 0.5],
      confusion: {
        a: [
          [0.9, 0.1],
          [0.1, 0.9],
        ],
      },
    },
    politics: {
      classes: ["absent", "present"],
      priors: [0.8, 0.2],
      confusion: {
        a: [
          [0.75, 0.25],
          [0.5, 0.5],
        ],
      },
    },
  };

  it("decides each label on its own and multiplies the posteriors (hand-worked)", () => {
    // sports: a says present → 0.45 / (0.05 + 0.45) = 0.9.
    // politics: a says absent → absent ∝ 0.8·0.75 = 0.6, present ∝ 0.2·0.5 = 0.1 → present 1/7.
    const verdict = multiLabelVerdict(perLabel, [{ annotator: "a", labels: ["sports"] }])!;
    expect(verdict.labels).toEqual(["sports"]);
    expect(verdict.posterior).toBeCloseTo(0.9 * (6 / 7), 12);
    expect(verdict.posteriorOf(["sports", "politics"])).toBeCloseTo(0.9 * (1 / 7), 12);
    expect(verdict.posteriorOf([])).toBeCloseTo(0.1 * (6 / 7), 12);
  });

  it("fits a present/absent model per label from label sets", async () => {
    const rows = [];
    for (let item = 0; item < 30; item++) {
      const truth = [item % 2 === 0 ? "sports" : null, item % 3 === 0 ? "politics" : null].filter((label): label is string => label !== null);
      for (const annotator of ["a", "b", "c"]) {
        const labels = annotator === "c" && item % 4 === 0 ? [] : truth;
        rows.push({ item: String(item), annotator, labels });
      }
    }
    const fit = await fitMultiLabelModel(rows, ["sports", "politics", "weather"], { smoothing: 0.01 });
    expect(fit.items).toBe(30);
    expect(fit.stored.kind).toBe("multi-label");
    if (fit.stored.kind !== "multi-label") return;
    expect(Object.keys(fit.stored.perLabel)).toEqual(["sports", "politics", "weather"]);
    // Nobody ever chose "weather": its prior of being present is near zero.
    expect(fit.stored.perLabel.weather!.priors[1]).toBeLessThan(0.01);
    const verdict = multiLabelVerdict(fit.stored.perLabel, [
      { annotator: "a", labels: ["sports", "politics"] },
      { annotator: "b", labels: ["sports", "politics"] },
      { annotator: "c", labels: [] },
    ])!;
    expect(verdict.labels).toEqual(["sports", "politics"]);
    // a and b were always right, c sometimes missed labels: the posterior is high.
    expect(verdict.posterior).toBeGreaterThan(0.9);
  });
});

describe("annotatorAccuracy", () => {
  it("weighs each class's hit rate by its prior (hand-worked)", () => {
    const accuracy = annotatorAccuracy({ kind: "single-label", model: { ...handModel, priors: [0.25, 0.75] } });
    expect(accuracy.get("a")).toBeCloseTo(0.25 * 0.9 + 0.75 * 0.8, 12);
    expect(accuracy.get("b")).toBeCloseTo(0.25 * 0.6 + 0.75 * 0.6, 12);
  });
});

describe("parseStoredDawidSkene", () => {
  it("reads back what was stored and rejects what is not a model", () => {
    const stored = { kind: "single-label" as const, model: handModel };
    expect(parseStoredDawidSkene(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    expect(() => parseStoredDawidSkene({ kind: "single-label", model: { classes: ["x"] } })).toThrow();
  });
});
