import { mulberry32Float } from "@/lib/random";
import type { AnnotationRow } from "@/lib/aggregate/types";

export interface SimulatedAnnotator {
  annotator: string;
  /** `confusion[trueClass][response]`, rows summing to 1, both in `classes` order. */
  confusion: readonly (readonly number[])[];
}

export interface CrowdSimulation {
  itemCount: number;
  classes: readonly string[];
  /** Share of items in each class, in `classes` order, summing to 1. */
  classPriors: readonly number[];
  annotators: readonly SimulatedAnnotator[];
  seed: number;
}

export interface SimulatedCrowd {
  /** Every annotator rates every item once; items are named "0", "1", …. */
  rows: AnnotationRow[];
  /** The true class of each item, indexed by item number. */
  truth: string[];
}

/**
 * Draws a crowd whose error rates are known, so an aggregation method can be scored against the
 * truth it is meant to recover. The same settings always give the same rows.
 */
export function simulateCrowd(simulation: CrowdSimulation): SimulatedCrowd {
  const { classes } = simulation;
  checkDistribution(simulation.classPriors, classes.length, "classPriors");
  simulation.annotators.forEach(({ annotator, confusion }) => {
    if (confusion.length !== classes.length) {
      throw new Error(`Annotator "${annotator}" has ${confusion.length} confusion rows; give one per class (${classes.length}).`);
    }
    confusion.forEach((row, trueClass) => checkDistribution(row, classes.length, `annotator "${annotator}" row ${trueClass}`));
  });

  const random = mulberry32Float(simulation.seed);
  const rows: AnnotationRow[] = [];
  const truth: string[] = [];
  for (let itemNumber = 0; itemNumber < simulation.itemCount; itemNumber++) {
    const item = String(itemNumber);
    const trueClass = draw(simulation.classPriors, random());
    truth.push(classes[trueClass]!);
    for (const { annotator, confusion } of simulation.annotators) {
      rows.push({ item, annotator, label: classes[draw(confusion[trueClass]!, random())]! });
    }
  }
  return { rows, truth };
}

function draw(distribution: readonly number[], uniform: number): number {
  let cumulative = 0;
  for (let index = 0; index < distribution.length; index++) {
    cumulative += distribution[index]!;
    if (uniform < cumulative) return index;
  }
  // Rounding can leave the cumulative sum a hair under 1.
  return distribution.length - 1;
}

function checkDistribution(distribution: readonly number[], length: number, name: string): void {
  const total = distribution.reduce((sum, probability) => sum + probability, 0);
  if (distribution.length !== length || Math.abs(total - 1) > 1e-9 || distribution.some((p) => p < 0)) {
    throw new Error(
      `${name} must hold ${length} non-negative probabilities summing to 1; got [${distribution.join(", ")}].`,
    );
  }
}
