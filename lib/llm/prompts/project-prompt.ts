import type { TaskType } from "@/db/schema";
import type { PromptInput } from "./prompt-input";
import { defaultPromptTemplate, type FewShotExample, type PromptDefinition } from "./prompt-template";

/**
 * A prompt definition for a project: the lead's template and guidelines, the project's label set
 * and task type, the connection's model and temperature, and the few-shot examples drawn for it.
 */
export function projectPromptDefinition({
  input,
  taskType,
  labels,
  generation,
  examples,
}: {
  input: PromptInput;
  taskType: TaskType;
  labels: { name: string; description: string }[];
  generation: { model: string; temperature: number };
  examples: FewShotExample[];
}): PromptDefinition {
  return {
    template: { system: input.system, user: input.user },
    guidelines: input.guidelines,
    labels: labels.map((label) => ({ name: label.name, description: label.description })),
    mode: taskType === "multi_label" ? "multi" : "single",
    examples,
    generation: { model: generation.model, temperature: generation.temperature, maxTokens: input.maxTokens, responseFormat: input.responseFormat },
  };
}

/** What the prompt editor starts from before any version exists. */
export function defaultPromptInput(guidelines: string): PromptInput {
  return {
    system: defaultPromptTemplate.system,
    user: defaultPromptTemplate.user,
    guidelines,
    exampleCount: 0,
    maxTokens: 300,
    responseFormat: "json_schema",
  };
}
