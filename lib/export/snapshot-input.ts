// What a lead fills in to make an export snapshot, validated once for the app and the CLI.
import { z } from "zod";
import { DECIDED_BY, type DecidedBy } from "@/lib/export/export-record";
import type { SnapshotRules } from "@/lib/export/snapshot-row";

export const snapshotInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name is empty")
    .max(80)
    .regex(/^[\w.\- ]+$/, "name may use letters, digits, spaces, dots, hyphens and underscores"),
  /** Defaults to `defaultSnapshotRules(overlap, minAnnotations).decidedBy`. */
  decidedBy: z.array(z.enum(DECIDED_BY)).min(1, "choose at least one way of deciding labels").optional(),
  /** Defaults to the project's overlap. */
  minAnnotations: z.number().int().min(1).max(100).optional(),
  split: z
    .object({
      train: z.number().min(0).max(1),
      validation: z.number().min(0).max(1),
      test: z.number().min(0).max(1),
      seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
    })
    .refine((s) => Math.abs(s.train + s.validation + s.test - 1) < 1e-9, "train + validation + test must add up to 1")
    .optional(),
  includeAnnotations: z.boolean().default(false),
  license: z.string().trim().min(1).max(64).default("other"),
});

export type SnapshotInput = z.infer<typeof snapshotInputSchema>;

/**
 * Whether labels resting on one person (`single`) count unless the lead says otherwise: where the
 * project asks for one annotation per item, or where the lead lowered the minimum below the
 * overlap, which only makes sense if they want such items.
 */
export function singleCountsByDefault(overlap: number, minAnnotations: number): boolean {
  return overlap <= 1 || minAnnotations < overlap;
}

/**
 * What a snapshot counts unless the lead says otherwise: as many annotations per item as the
 * project asks for (or the minimum the lead chose), and labels settled by a reviewer or by
 * agreement, plus `single` where `singleCountsByDefault` says so.
 */
export function defaultSnapshotRules(overlap: number, minAnnotations = overlap): { decidedBy: DecidedBy[]; minAnnotations: number } {
  return {
    decidedBy: singleCountsByDefault(overlap, minAnnotations) ? ["adjudicated", "unanimous", "single"] : ["adjudicated", "unanimous"],
    minAnnotations,
  };
}

export function snapshotRules(input: SnapshotInput, { overlap }: { overlap: number }): SnapshotRules {
  const defaults = defaultSnapshotRules(overlap, input.minAnnotations);
  return {
    decidedBy: input.decidedBy ?? defaults.decidedBy,
    minAnnotations: defaults.minAnnotations,
    overlap,
    includeAnnotations: input.includeAnnotations,
    license: input.license,
    ...(input.split
      ? { split: { seed: input.split.seed, fractions: { train: input.split.train, validation: input.split.validation, test: input.split.test } } }
      : {}),
  };
}
