import "server-only";
import type { Db } from "@/db";
import { getConnectionView } from "@/db/queries/llm-connection";
import { fewShotExamples, savePromptVersion, spanFewShotExamples } from "@/db/queries/llm-prompts";
import { listLabels, type ProjectRecord } from "@/db/queries/projects";
import { GoldsetError } from "@/lib/errors";
import type { PromptVersionView } from "@/lib/llm/llm-views";
import { projectPromptDefinition } from "./project-prompt";
import type { PromptInput } from "./prompt-input";

/**
 * Saves the lead's prompt as the project's next version, completed with what the project and the
 * connection decide: labels, task type, model, temperature and freshly drawn few-shot examples.
 * The page and the CLI share it, so both save the same definition for the same input.
 */
export async function saveProjectPrompt({
  db,
  project,
  actorId,
  input,
}: {
  db: Db;
  project: Pick<ProjectRecord, "id" | "taskType">;
  actorId: string | null;
  input: PromptInput;
}): Promise<{ version: PromptVersionView; created: boolean }> {
  const connection = await getConnectionView({ db, projectId: project.id });
  if (connection.model === "") {
    throw new GoldsetError("bad_request", "Save the connection with a model name first: a prompt version records the model it asks.", [
      { field: "model", message: "model: enter the model name in the connection form" },
    ]);
  }
  const definition = projectPromptDefinition({
    input,
    taskType: project.taskType,
    // Retired labels take no new work, so the model is not offered them.
    labels: (await listLabels({ db, projectId: project.id })).filter((label) => !label.retired),
    generation: { model: connection.model, temperature: connection.temperature },
    examples: await (project.taskType === "spans" ? spanFewShotExamples : fewShotExamples)({ db, projectId: project.id, count: input.exampleCount }),
  });
  return await savePromptVersion({ db, projectId: project.id, actorId, definition });
}
