// Validation of one change a lead makes in the label manager (PATCH /api/projects/[slug]/labels).
import { z } from "zod";
import { labelDefinitionSchema } from "./project-input";
import { hotkeyRefusal } from "./label-hotkeys";

const labelId = z.number().int().positive();
const name = labelDefinitionSchema.shape.name;
const hotkey = z
  .string()
  .nullable()
  .superRefine((key, ctx) => {
    const refusal = key === null ? null : hotkeyRefusal(key);
    if (refusal) ctx.addIssue({ code: "custom", message: refusal });
  });
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "colour must look like #1d4ed8");
const description = z.string().trim().max(1_000);

export const labelChangeSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("add"), name, description: description.optional(), hotkey: hotkey.optional(), color: color.optional() }),
  z.object({ action: z.literal("rename"), labelId, name }),
  z.object({ action: z.literal("retire"), labelId }),
  z.object({ action: z.literal("unretire"), labelId }),
  z.object({ action: z.literal("merge"), labelId, intoLabelId: labelId }),
  z.object({ action: z.literal("revertMerge"), labelId }),
  z.object({ action: z.literal("move"), labelId, direction: z.enum(["up", "down"]) }),
  z.object({ action: z.literal("edit"), labelId, description: description.optional(), hotkey: hotkey.optional(), color: color.optional() }),
]);
