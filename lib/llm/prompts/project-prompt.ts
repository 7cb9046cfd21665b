import type { TaskType } from "@/db/schema";
import { GoldsetError } from "@/lib/errors";
import { defaultSpanPromptTemplate } from "@/lib/spans/span-prompt";
import type { PromptInput } from "./prompt-input";
import { defaultPromptTemplate, type FewShotExample, type PromptDefinition, type PromptMode } from "./prompt-template";

/**
 * A prompt definition for a project: the lead's template and guidelines, the project's label set
 * and task type, the connection's model and temperature, and the few-shot examples drawn for it.
 * A spans project's prompt asks for entities, so its labels are the entity types alone: an
 * item-level label of a spans project is not something to quote from the text.
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
  labels: { name: string; description: string; kind?: string }[];
  generation: { model: string; temperature: number };
  examples: FewShotExample[];
}): PromptDefinition {
  const mode = promptModeFor(taskType);
  const asked = mode === "spans" ? labels.filter((label) => label.kind === "entity") : labels;
  return {
    template: { system: input.system, user: input.user },
    guidelines: input.guidelines,
    labels: asked.map((label) => ({ name: label.name, description: label.description })),
    mode,
    examples,
    generation: { model: generation.model, temperature: generation.temperature, maxTokens: input.maxTokens, responseFormat: input.responseFormat },
  };
}

export function promptModeFor(taskType: TaskType): PromptMode {
  return taskType === "spans" ? "spans" : taskType === "multi_label" ? "multi" : "single";
}

/**
 * What the prompt editor starts from before any version exists. A span answer lists every entity
 * as a quote, so it gets more room than a label and a rationale.
 */
export function defaultPromptInput(guidelines: string, taskType: TaskType = "single_label"): PromptInput {
  const template = taskType === "spans" ? defaultSpanPromptTemplate : defaultPromptTemplate;
  return {
    system: template.system,
    user: template.user,
    guidelines,
    exampleCount: 0,
    maxTokens: taskType === "spans" ? 1000 : 300,
    responseFormat: "json_schema",
  };
}

/**
 * Refuses to run a prompt version that asks for something other than what the project labels: a
 * version saved while a project's labels said otherwise (or, before span prompts existed, a spans
 * project's classification prompt) would store answers its annotate page cannot show.
 */
export function assertPromptFitsProject(taskType: TaskType, definition: Pick<PromptDefinition, "mode">, version: number): void {
  const wanted = promptModeFor(taskType);
  if ((wanted === "spans") === (definition.mode === "spans")) return;
  const asks = definition.mode === "spans" ? "entities" : "item labels";
  const needs = wanted === "spans" ? "entities" : "item labels";
  throw new GoldsetError("bad_request", `Prompt version ${version} asks for ${asks}, but this project labels ${needs}: save the prompt again to make a version for it.`);
}
