// The answers worth a schema: those of the routes automation leans on (lib/api/openapi/operations.ts).
// They describe what the routes return today; a route whose answer changes shape must change here
// too, and the committed docs/api/openapi.json shows the diff.
import { z } from "zod";
import { JOB_STATES, RESOLUTION_METHODS } from "@/db/schema";
import { ITEM_STATUSES } from "@/lib/browse/item-view";

const isoDate = z.iso.datetime().describe("ISO 8601, UTC");
const resolutionMethod = z.enum(RESOLUTION_METHODS);

export const projectSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    taskType: z.enum(["single_label", "multi_label"]),
    guidelines: z.string(),
    overlap: z.number().int(),
    visibleMetadata: z.array(z.string()),
    labelSetVersion: z.number().int(),
    leaseMinutes: z.number().int(),
    settings: z.record(z.string(), z.unknown()),
    archivedAt: isoDate.nullable(),
    createdAt: isoDate,
  })
  .meta({ id: "Project" });

export const jobSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    progress: z.object({ done: z.number(), total: z.number(), message: z.string().nullable() }).nullable(),
    result: z.unknown().describe("What the job produced, by kind (an import's summary, a snapshot's id)."),
    error: z.string().nullable(),
    createdAt: isoDate,
    runAfter: isoDate,
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
  })
  .meta({ id: "Job", description: "Background work; follow it with GET /api/v1/projects/{slug}/jobs/{id}." });

export const projectCreatedSchema = z.object({ project: projectSchema });
export const projectListSchema = z.object({ projects: z.array(projectSchema.extend({ role: z.enum(["lead", "reviewer", "annotator"]).nullable(), itemCount: z.number().int() })) });
export const jobQueuedSchema = z.object({ job: jobSchema });

export const itemImportSchema = z
  .object({ batch: z.number().int().nullable(), inserted: z.number().int(), duplicates: z.number().int(), warnings: z.array(z.string()) })
  .meta({ id: "ItemImport", description: "Items inserted, and ids already present with the same text (skipped)." });

export const predictionImportSchema = z
  .object({ batch: z.number().int().nullable(), inserted: z.number().int(), duplicates: z.number().int() })
  .meta({ id: "PredictionImport", description: "The predictions stored as suggestions of source \"import\"." });

export const itemPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        externalId: z.string(),
        excerpt: z.string(),
        open: z.boolean(),
        annotations: z.number().int(),
        method: resolutionMethod.nullable(),
        finalLabels: z.array(z.string()),
        agreement: z.number().nullable(),
        inReview: z.boolean(),
        notSure: z.boolean(),
        skipped: z.boolean(),
        excluded: z.boolean(),
      }),
    ),
    next: z.object({ key: z.number(), id: z.number().int() }).nullable(),
    nextQuery: z.string().nullable().describe("The query string of the next page (pass it as is), or null on the last page."),
  })
  .meta({ id: "ItemPage", description: `Statuses: ${ITEM_STATUSES.join(", ")}.` });

export const itemCountSchema = z.object({ n: z.number().int(), more: z.boolean() });

export const itemReadingSchema = z
  .object({
    item: z.object({ id: z.number().int(), externalId: z.string(), text: z.string(), metadata: z.record(z.string(), z.unknown()), createdAt: isoDate }),
    annotations: z.array(
      z.object({
        id: z.string(),
        annotator: z.string(),
        labels: z.array(z.string()),
        notSure: z.boolean(),
        notSureReason: z.string().nullable(),
        note: z.string().nullable(),
        at: isoDate,
        source: z.enum(["app", "import"]),
      }),
    ),
    resolution: z
      .object({
        method: resolutionMethod,
        labels: z.array(z.string()),
        agreement: z.number().nullable(),
        posterior: z.number().nullable(),
        annotators: z.number().int(),
        notSure: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: "ItemReading", description: "One item with the labels in force on it and how they resolve." });

export const exportSnapshotListSchema = z.object({
  snapshots: z.array(
    z
      .object({
        id: z.number().int(),
        name: z.string(),
        counts: z.record(z.string(), z.unknown()),
        hashes: z.unknown().describe("The content hash of every format written so far."),
        labelSetVersion: z.number().int(),
        createdAt: isoDate,
        createdBy: z.string().nullable(),
      })
      .loose(),
  ),
});

export const agreementSchema = z
  .object({
    snapshots: z.array(z.object({ id: z.number().int(), createdAt: isoDate }).loose()).describe("Agreement snapshots, oldest first: per-label and per-annotator figures."),
    notSure: z.unknown(),
    backlog: z.unknown(),
  })
  .meta({ id: "Agreement" });
