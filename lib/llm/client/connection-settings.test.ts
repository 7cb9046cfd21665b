import { describe, expect, it } from "vitest";
import { connectionSettingsSchema, generationSettingsSchema } from "./connection-settings";

describe("connection settings", () => {
  it("fills the defaults a new project starts with", () => {
    expect(connectionSettingsSchema.parse({ baseUrl: " http://127.0.0.1:11434/v1 ", apiKey: "" })).toEqual({
      baseUrl: "http://127.0.0.1:11434/v1",
      apiKey: "",
      authScheme: "bearer",
      timeoutMs: 60_000,
      maxConcurrency: 4,
      requestsPerMinute: null,
      tokenBudget: null,
    });
    expect(generationSettingsSchema.parse({ model: "gpt-4o-mini" })).toEqual({
      model: "gpt-4o-mini",
      temperature: 0,
      maxTokens: 300,
      responseFormat: "json_schema",
    });
  });

  it("rejects what the client cannot use, saying what to enter", () => {
    const badUrl = connectionSettingsSchema.safeParse({ baseUrl: "api.openai.com/v1", apiKey: "k" });
    expect(badUrl.success).toBe(false);
    expect(badUrl.error?.issues[0]?.message).toMatch(/^Enter the endpoint's base URL/);
    expect(connectionSettingsSchema.safeParse({ baseUrl: "ftp://x/v1", apiKey: "k" }).success).toBe(false);
    expect(connectionSettingsSchema.safeParse({ baseUrl: "http://x/v1", apiKey: "k", maxConcurrency: 0 }).success).toBe(false);
    expect(generationSettingsSchema.safeParse({ model: " " }).success).toBe(false);
  });
});
