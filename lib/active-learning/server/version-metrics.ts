/**
 * What a classifier version records besides its model (classifier_versions.metrics): what started
 * it, how many label submissions it saw, its features, its held-out quality and how it ordered
 * the queue (a spans project's version: its span tagger's, with entity F1 as the held-out
 * quality). Parsed back with defaults, so a damaged or older row still displays.
 */
import "server-only";
import { z } from "zod";

export const RETRAIN_TRIGGERS = ["labels", "embeddings", "manual", "settings", "cli", "import"] as const;
export type RetrainTrigger = (typeof RETRAIN_TRIGGERS)[number];

const heldOutSchema = z.union([
  // A spans project's tagger: exact entity-level F1 on the held-out items (seqeval's micro average).
  z.object({
    evaluated: z.literal(true),
    kind: z.literal("entities"),
    trainItems: z.number(),
    testItems: z.number(),
    entityF1: z.number(),
    precision: z.number(),
    recall: z.number(),
  }),
  z.object({
    evaluated: z.literal(true),
    trainItems: z.number(),
    testItems: z.number(),
    accuracy: z.number(),
    macroF1: z.number(),
    ece: z.number(),
  }),
  z.object({ evaluated: z.literal(false), reason: z.string() }),
]);

export const versionMetricsSchema = z.object({
  trigger: z.enum(RETRAIN_TRIGGERS).catch("manual"),
  labelSubmissions: z.number().int().catch(0),
  featureDescription: z.string().catch(""),
  heldOut: heldOutSchema.catch({ evaluated: false, reason: "not recorded" }),
  labelCounts: z.record(z.string(), z.number()).catch({}),
  coldStart: z.boolean().catch(false),
  diversityPicks: z.number().int().catch(0),
  untrained: z.string().nullable().catch(null),
  items: z.number().int().catch(0),
  openItems: z.number().int().catch(0),
  seconds: z.number().catch(0),
  explorationShare: z.number().catch(0),
  rareClassBoost: z.number().catch(0),
  disagreementBoost: z.number().catch(0),
  minPerClass: z.number().int().catch(0),
});

export type VersionMetrics = z.infer<typeof versionMetricsSchema>;

export function readVersionMetrics(stored: unknown): VersionMetrics {
  return versionMetricsSchema.parse(stored ?? {});
}
