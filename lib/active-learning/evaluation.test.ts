import { describe, expect, it } from "vitest";
import { argmaxRows, classificationReport, expectedCalibrationError } from "./evaluation";

describe("classificationReport", () => {
  // gold      0 0 0 1 1 2
  // predicted 0 0 1 1 2 2
  // class 0: P = 2/2, R = 2/3, F1 = 0.8; class 1: P = 1/2, R = 1/2, F1 = 0.5; class 2: P = 1/2, R = 1, F1 = 2/3.
  const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 4);

  it("computes accuracy and the confusion matrix", () => {
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.confusion[0]).toEqual([2, 1, 0, 0]);
    expect(report.confusion[1]).toEqual([0, 1, 1, 0]);
    expect(report.confusion[2]).toEqual([0, 0, 1, 0]);
  });

  it("computes per-class precision, recall and F1", () => {
    expect(report.perClass[0]).toEqual({ precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 12), support: 3 });
    expect(report.perClass[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perClass[2]).toEqual({ precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 12), support: 1 });
  });

  it("averages macro-F1 over the classes that occur (class 3 never does): (0.8 + 0.5 + 2/3) / 3", () => {
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it("scores a class that is never predicted with precision 0 (scikit-learn's zero_division = 0)", () => {
    const never = classificationReport([0, 1], [0, 0], 2);
    expect(never.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(never.perClass[0]?.precision).toBe(0.5);
  });
});

describe("argmaxRows", () => {
  it("takes the first of tied maxima", () => {
    expect(Array.from(argmaxRows([0.2, 0.8, 0.5, 0.5, 0.1, 0.9], 2))).toEqual([1, 0, 1]);
  });
});

describe("expectedCalibrationError", () => {
  it("is sum over bins of share * |accuracy - confidence|: one item per bin", () => {
    // Confidences 0.9 (right), 0.8 (wrong), 0.7 (right), 0.6 (wrong), each alone in its bin:
    // (0.1 + 0.8 + 0.3 + 0.6) / 4 = 0.45.
    const probabilities = [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.6];
    expect(expectedCalibrationError(probabilities, 2, [0, 1, 1, 0])).toBeCloseTo(0.45, 12);
  });

  it("averages accuracy and confidence inside a shared bin", () => {
    // 0.95 (right) and 0.92 (wrong) share bin (0.9, 1]: |0.5 - 0.935| = 0.435.
    expect(expectedCalibrationError([0.95, 0.05, 0.92, 0.08], 2, [0, 1])).toBeCloseTo(0.435, 12);
  });

  it("puts a confidence on a bin edge in the bin below it, (0.2, 0.3] for 0.3", () => {
    // 0.3 (right) in (0.2, 0.3] and 0.35 (wrong) in (0.3, 0.4]: 0.5 * 0.7 + 0.5 * 0.35 = 0.525.
    const probabilities = [0.3, 0.25, 0.25, 0.2, 0.15, 0.35, 0.3, 0.2];
    expect(expectedCalibrationError(probabilities, 4, [0, 2])).toBeCloseTo(0.525, 12);
  });

  it("is 0 for a perfectly calibrated set", () => {
    // Four items at confidence 0.75, three of them right.
    const probabilities = [0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25];
    expect(expectedCalibrationError(probabilities, 2, [0, 0, 0, 1])).toBeCloseTo(0, 12);
  });
});
