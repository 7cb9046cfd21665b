import type { ConnectionSettings } from "@/lib/llm/client/connection-settings";
import type { PendingItem } from "./prelabel-store";
import { defaultPromptTemplate, promptHash, type PromptDefinition, type PromptVersion } from "@/lib/llm/prompts/prompt-template";

/** Shared set-up for the LLM tests and the pre-labelling benchmark: a spam/ham project. */

export const TEST_API_KEY = "sk-test-9f8e7d6c5b4a39281706";

export function spamHamDefinition(overrides: Partial<PromptDefinition> = {}): PromptDefinition {
  return {
    template: defaultPromptTemplate,
    guidelines: "Spam is unsolicited bulk or fraudulent messaging. Everything else is ham.",
    labels: [
      { name: "spam", description: "Unsolicited advertising, prizes, scams" },
      { name: "ham", description: "Ordinary, wanted messages" },
    ],
    mode: "single",
    examples: [],
    generation: { model: "test-model", temperature: 0, maxTokens: 200, responseFormat: "json_schema" },
    ...overrides,
  };
}

export function versionOf(definition: PromptDefinition, id = "prompt-v1"): PromptVersion {
  return { id, hash: promptHash(definition), definition };
}

export function connectionTo(baseUrl: string, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {
    baseUrl,
    apiKey: TEST_API_KEY,
    authScheme: "bearer",
    timeoutMs: 5_000,
    maxConcurrency: 4,
    requestsPerMinute: null,
    tokenBudget: null,
    ...overrides,
  };
}

/** Every third message mentions a prize, so about a third are spam under the test server's rule. */
export function messageItems(count: number): PendingItem[] {
  return Array.from({ length: count }, (_, index) => ({
    itemId: `item-${index}`,
    text: index % 3 === 0 ? `Message ${index}: you win a free cruise` : `Message ${index}: lunch at noon?`,
  }));
}
