import { z } from "zod";

/**
 * A project's LLM connection as the settings form submits it, and as a run uses it. Generation
 * settings (model, temperature, max_tokens, response format) live in the prompt version instead,
 * because they change the answers and are therefore part of the prompt hash. A ConnectionSettings
 * value is also a ChatEndpoint for chat-client.ts.
 */

export const connectionSettingsSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: "Enter the endpoint's base URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1",
    }),
  apiKey: z.string(),
  authScheme: z.enum(["bearer", "api-key"]).default("bearer"),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
  maxConcurrency: z.number().int().min(1).max(64).default(4),
  requestsPerMinute: z.number().int().min(1).nullable().default(null),
  tokenBudget: z.number().int().min(1).nullable().default(null),
});

export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

export const generationSettingsSchema = z.object({
  model: z.string().trim().min(1, "Enter the model name the server expects"),
  temperature: z.number().min(0).max(2).default(0),
  maxTokens: z.number().int().min(1).max(32_768).default(300),
  responseFormat: z.enum(["json_schema", "json_object", "none"]).default("json_schema"),
});

