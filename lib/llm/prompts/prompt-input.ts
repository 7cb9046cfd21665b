import { z } from "zod";
import { generationSettingsSchema } from "@/lib/llm/client/connection-settings";
import type { PromptDefinition } from "./prompt-template";

/**
 * The prompt editor's submission, and the stored form of a prompt version. The editor sends only
 * what the lead writes; the server adds the label set, the connection's model and temperature, and
 * the few-shot examples it draws, so a saved version records exactly what will be asked.
 */

export const MAX_FEW_SHOT_EXAMPLES = 10;
const MAX_TEMPLATE_CHARS = 50_000;

export const promptInputSchema = z.object({
  system: z.string().max(MAX_TEMPLATE_CHARS),
  user: z.string().max(MAX_TEMPLATE_CHARS),
  guidelines: z.string().max(100_000),
  exampleCount: z.number().int().min(0).max(MAX_FEW_SHOT_EXAMPLES).default(0),
  maxTokens: generationSettingsSchema.shape.maxTokens,
  responseFormat: generationSettingsSchema.shape.responseFormat,
});

export type PromptInput = z.infer<typeof promptInputSchema>;

const templateSchema = z.object({ system: z.string(), user: z.string() });

/** prompt_versions.options: the definition without its template, which has a column of its own. */
export const storedPromptOptionsSchema = z.object({
  guidelines: z.string(),
  labels: z.array(z.object({ name: z.string(), description: z.string() })),
  mode: z.enum(["single", "multi", "spans"]),
  examples: z.array(
    z.object({
      text: z.string(),
      labels: z.array(z.string()),
      rationale: z.string().optional(),
      confidence: z.number().optional(),
      // Spans prompts only.
      entities: z.array(z.object({ text: z.string(), type: z.string(), occurrence: z.number().int().optional() })).optional(),
    }),
  ),
  generation: z.object({
    model: z.string(),
    temperature: z.number(),
    maxTokens: z.number(),
    responseFormat: z.enum(["json_schema", "json_object", "none"]),
  }),
});

export function storedPromptColumns(definition: PromptDefinition): { template: string; options: Record<string, unknown> } {
  const { template, ...options } = definition;
  return { template: JSON.stringify({ system: template.system, user: template.user }), options };
}

/**
 * The texts of a stored version's few-shot examples. A version whose options do not parse has no
 * examples anyone could have been shown: it cannot be run (definitionFromStored refuses it).
 */
export function storedExampleTexts(options: unknown): string[] {
  const parsed = storedPromptOptionsSchema.shape.examples.safeParse((options as { examples?: unknown } | null)?.examples);
  return parsed.success ? parsed.data.map((example) => example.text) : [];
}

/** Throws when a stored row does not hold a definition: the version cannot be run or shown. */
export function definitionFromStored(template: string, options: unknown, where: string): PromptDefinition {
  const parsedTemplate = templateSchema.safeParse(safeJson(template));
  const parsedOptions = storedPromptOptionsSchema.safeParse(options);
  if (!parsedTemplate.success || !parsedOptions.success) throw new Error(`${where} is not a valid stored prompt definition`);
  return { template: parsedTemplate.data, ...parsedOptions.data };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
