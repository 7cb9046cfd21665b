import "server-only";
import { z } from "zod";
import { connectionSettingsSchema, generationSettingsSchema } from "./connection-settings";

/**
 * What the LLM page's connection form sends. The key is write-only: leave `apiKey` out (or empty)
 * to keep the stored one, send a new one to replace it, or set `clearApiKey` to fall back to
 * GOLDSET_LLM_API_KEY. Model and temperature are the defaults a new prompt version is saved with.
 */
export const connectionInputSchema = connectionSettingsSchema.omit({ apiKey: true }).extend({
  model: generationSettingsSchema.shape.model,
  temperature: generationSettingsSchema.shape.temperature,
  apiKey: z.string().trim().max(4_096).optional(),
  clearApiKey: z.boolean().default(false),
});

export type ConnectionInput = z.infer<typeof connectionInputSchema>;

/** The stored part of a connection besides base URL, model and key (llm_connections.settings). */
export const storedConnectionSettingsSchema = connectionSettingsSchema.omit({ apiKey: true, baseUrl: true }).extend({
  temperature: generationSettingsSchema.shape.temperature,
  /** maskSecret() of the stored key, so showing it needs no decryption. */
  apiKeyMask: z.string().nullable().default(null),
});

export type StoredConnectionSettings = z.infer<typeof storedConnectionSettingsSchema>;
