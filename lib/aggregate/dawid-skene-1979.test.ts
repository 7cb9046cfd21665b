import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dawidSkene } from "@/lib/aggregate/dawid-skene";
import type { AnnotationRow } from "@/lib/aggregate/types";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const datasets = resolve(repoRoot, process.env.GOLDSET_DATASETS ?? "../shared/datasets");
const responsesFile = resolve(datasets, "dawid_skene_1979/responses.csv");
const available = existsSync(responsesFile);
if (!available) console.warn(`Skipping the Dawid & Skene (1979) tests: ${responsesFile} not found (set GOLDSET_DATASETS).`);

/** `patient,observer,repeat,label`; observer 1's three ratings of a patient are three rows. */
function readResponses(): AnnotationRow[] {
  const [header, ...lines] = readFileSync(responsesFile, "utf8").trim().split(/\r?\n/);
  expect(header).toBe("patient,observer,repeat,label");
  return lines.map((line) => {
    const [patient = "", observer = "", , label = ""] = line.split(",");
    return { item: patient, annotator: observer, label };
  });
}

// Published in expected_output_dallascard_impl.txt beside the data (reference EM, tol 1e-5).
const expectedClassPerPatient =
  "1 4 2 2 2 2 1 3 2 2 4 3 1 2 1 1 1 1 2 2 2 2 2 2 1 1 2 1 1 1 1 3 1 2 2 4 2 3 3 1 1 1 2 1 2".split(" ");
const expectedObserver1 = [
  [0.89, 0.11, 0, 0],
  [0.07, 0.88, 0.05, 0],
  [0, 0.34, 0.66, 0],
  [0, 0, 0.56, 0.44],
];

describe.skipIf(!available)("dawidSkene on Dawid & Skene (1979), Table 1", () => {
  const rows = available ? readResponses() : [];

  it("reads 45 patients, 5 observers and 315 ratings", () => {
    expect(rows).toHaveLength(315);
    expect(new Set(rows.map((row) => row.item)).size).toBe(45);
  });

  it("reproduces the reference run, iteration count included, under its convergence rule", () => {
    const result = dawidSkene(rows, { convergence: "parameters", tolerance: 1e-5 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(15);
    expect(result.logLikelihood).toBeCloseTo(-192.8909, 4);
  });

  it("reproduces the published marginals, classes and observer 1 error rates with the default settings", () => {
    const result = dawidSkene(rows);
    expect(result.converged).toBe(true);
    expect(result.logLikelihood).toBeCloseTo(-192.8909, 3);
    expect(result.classes).toEqual(["1", "2", "3", "4"]);
    expect(result.classPriors.map((prior) => Number(prior.toFixed(2)))).toEqual([0.4, 0.42, 0.11, 0.07]);
    expect(result.items.map((item) => item.item)).toEqual(Array.from({ length: 45 }, (_, index) => String(index + 1)));
    expect(result.items.map((item) => item.label)).toEqual(expectedClassPerPatient);
    const observer1 = result.confusionMatrices.find((entry) => entry.annotator === "1");
    expect(observer1?.matrix.map((row) => row.map((rate) => Number(rate.toFixed(2))))).toEqual(expectedObserver1);
  });

  it("keeps the published most likely classes under the 0.01 smoothing suggested for sparse crowds", () => {
    const result = dawidSkene(rows, { smoothing: 0.01 });
    expect(result.items.map((item) => item.label)).toEqual(expectedClassPerPatient);
    expect(result.classPriors.map((prior) => Number(prior.toFixed(2)))).toEqual([0.4, 0.42, 0.11, 0.07]);
  });
});
