// Validation of what a lead types when creating or configuring a project. Shared by the API,
// the settings page and the CLI.
import { z } from "zod";
import { LABEL_KINDS, TASK_TYPES, PROJECT_ROLES } from "@/db/schema";
import { spanSettingsSchema } from "./workflow-settings";
import { hotkeyRefusal } from "./label-hotkeys";

export const MAX_GUIDELINES_LENGTH = 100_000;
export const MAX_OVERLAP = 20;

export const slugSchema = z
  .string()
  .trim()
  .min(2, "slug must have at least 2 characters")
  .max(48, "slug must have at most 48 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug may use lowercase letters, digits and single hyphens");

export const labelDefinitionSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "label name is empty")
    .max(64, "label name is longer than 64 characters")
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "label name contains control characters"),
  description: z.string().trim().max(1_000).default(""),
  hotkey: z
    .string()
    .regex(/^[1-9a-z]$/, "hotkey must be a digit from 1 to 9 or a lowercase letter")
    .refine((key) => hotkeyRefusal(key) === null, { message: "hotkey is one of the annotate page's command keys (n s u c g a x r)" })
    .nullable()
    .optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "colour must look like #1d4ed8")
    .optional(),
  // "entity": a type of span in a spans project; "item": a label of the whole item. Left out, it
  // is "entity" in a spans project and "item" otherwise (labelKindFor).
  kind: z.enum(LABEL_KINDS).optional(),
});

export type LabelKind = (typeof LABEL_KINDS)[number];

/** The kind a label definition takes in a project of this task type. */
export function labelKindFor(taskType: (typeof TASK_TYPES)[number], kind: LabelKind | undefined): LabelKind {
  return kind ?? (taskType === "spans" ? "entity" : "item");
}

/** Labels of any task type: names and hotkeys unique. How many of which kind a task needs is checked by the caller. */
export const labelListSchema = z
  .array(labelDefinitionSchema)
  .min(1, "a project needs at least one label")
  .max(200, "at most 200 labels")
  .superRefine((labels, ctx) => {
    const names = new Map<string, number>();
    const hotkeys = new Map<string, number>();
    labels.forEach((l, i) => {
      const key = l.name.toLowerCase();
      if (names.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `label "${l.name}" appears twice` });
      names.set(key, i);
      if (l.hotkey) {
        if (hotkeys.has(l.hotkey)) ctx.addIssue({ code: "custom", path: [i, "hotkey"], message: `hotkey ${l.hotkey} is used twice` });
        hotkeys.set(l.hotkey, i);
      }
    });
  });

export const labelSetSchema = labelListSchema.refine((labels) => labels.length >= 2, "a classification task needs at least two labels");

export const newProjectSchema = z
  .object({
    name: z.string().trim().min(1, "name is empty").max(120),
    slug: slugSchema,
    taskType: z.enum(TASK_TYPES),
    labels: labelListSchema,
    guidelines: z.string().max(MAX_GUIDELINES_LENGTH).default(""),
    overlap: z.number().int().min(1).max(MAX_OVERLAP).default(1),
    // Spans projects only: how entities are marked and resolved (lib/projects/workflow-settings.ts).
    spans: spanSettingsSchema.partial().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.taskType === "spans") {
      if (!input.labels.some((l) => labelKindFor("spans", l.kind) === "entity")) {
        ctx.addIssue({ code: "custom", path: ["labels"], message: "a spans task needs at least one entity type (a label of kind \"entity\")" });
      }
      return;
    }
    input.labels.forEach((l, i) => {
      if (l.kind === "entity") ctx.addIssue({ code: "custom", path: ["labels", i, "kind"], message: `label "${l.name}" is an entity type, which only a spans task has` });
    });
    if (input.labels.length < 2) ctx.addIssue({ code: "custom", path: ["labels"], message: "a classification task needs at least two labels" });
    if (input.spans !== undefined) ctx.addIssue({ code: "custom", path: ["spans"], message: "span settings belong to a spans task only" });
  });

export const projectSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    guidelines: z.string().max(MAX_GUIDELINES_LENGTH),
    overlap: z.number().int().min(1).max(MAX_OVERLAP),
    visibleMetadata: z.array(z.string().min(1).max(200)).max(100),
    leaseMinutes: z.number().int().min(1).max(24 * 60),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, "name at least one setting to change (name, guidelines, overlap, visibleMetadata, leaseMinutes)");

export const memberInputSchema = z.object({
  email: z.string().trim().email(),
  role: z.enum(PROJECT_ROLES),
});

/** "spam,ham" from the command line or a form into label definitions. */
export function labelsFromList(list: string): { name: string }[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((name) => ({ name }));
}
