// The project's workflow knobs beyond the basics: ranking, suggestions, anchoring control and
// review thresholds, gold checks. Stored as JSON on the project; parsed here with defaults, so a
// project created before a knob existed gets its default.
import { z } from "zod";

export const RANKING_STRATEGIES = ["margin", "entropy", "least_confidence"] as const;
export const AGGREGATION_METHODS = ["majority", "dawid-skene"] as const;
export const GOLD_ACTIONS = ["flag", "pause"] as const;
export const DEFAULT_ENCODER_MODEL = "Xenova/all-MiniLM-L6-v2";

// Spans projects (issue 15): how entities are marked and when an item's spans resolve without a
// reviewer. Classification projects carry the defaults and never read them.
export const spanSettingsSchema = z.object({
  // Off: the page snaps a selection to whole words (lib/spans/tokens.ts); on: any code point.
  characterLevel: z.boolean().default(false),
  // Off: flat spans, which export to BIO tags without loss (lib/spans/span-set.ts).
  allowOverlap: z.boolean().default(false),
  // A span is accepted when strictly more than this share of the item's annotators marked it
  // identically (lib/spans/resolve-spans.ts). At 1 nothing could ever pass, so it stays below.
  majority: z.number().min(0).lt(1, "majority must be below 1: a span is accepted when MORE than this share marked it").default(0.5),
});

export type SpanSettings = z.infer<typeof spanSettingsSchema>;

export const workflowSettingsSchema = z.object({
  ranking: z
    .object({
      strategy: z.enum(RANKING_STRATEGIES).default("margin"),
      explorationShare: z.number().min(0).max(1).default(0.1),
      retrainEvery: z.number().int().min(1).max(10_000).default(20),
      minPerClass: z.number().int().min(1).max(100).default(3),
      rareClassBoost: z.number().min(0).max(10).default(0.2),
      disagreementBoost: z.number().min(0).max(10).default(0.3),
    })
    .prefault({}),
  encoderModel: z.string().min(1).max(200).default(DEFAULT_ENCODER_MODEL),
  modelSuggestions: z.boolean().default(true),
  llmSuggestions: z.boolean().default(true),
  // Share of items whose suggestion is withheld, to measure how much suggestions sway people.
  anchoringShare: z.number().min(0).max(1).default(0.1),
  review: z
    .object({
      // Items whose annotators agree less than this go to review.
      agreementThreshold: z.number().min(0).max(1).default(0.75),
      // How a contested item is resolved when no reviewer has decided it. Majority vote counts
      // every annotator the same; Dawid–Skene weighs them by their estimated reliability and
      // resolves only when its posterior reaches dawidSkenePosterior.
      aggregation: z.enum(AGGREGATION_METHODS).default("majority"),
      // Below this Dawid–Skene posterior an item goes to review (whatever the aggregation).
      dawidSkenePosterior: z.number().min(0).max(1).default(0.9),
      // The project-wide Dawid–Skene model is refitted every this many label submissions.
      dawidSkeneEvery: z.number().int().min(1).max(100_000).default(50),
      allowSelfAdjudication: z.boolean().default(false),
    })
    .prefault({}),
  gold: z
    .object({
      // Share of an annotator's items that are gold items they have not labelled yet.
      rate: z.number().min(0).max(0.5).default(0.1),
      // An annotator whose gold accuracy falls below this (with at least minAnswers answered) is
      // flagged on the Team page, or paused when action is "pause".
      threshold: z.number().min(0).max(1).default(0.8),
      minAnswers: z.number().int().min(1).max(10_000).default(10),
      action: z.enum(GOLD_ACTIONS).default("flag"),
    })
    .prefault({}),
  spans: spanSettingsSchema.prefault({}),
});

export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

export function workflowSettings(stored: unknown): WorkflowSettings {
  const parsed = workflowSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : workflowSettingsSchema.parse({});
}
