"use client";
import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { RESPONSE_FORMAT_CHOICES } from "@/lib/llm/llm-views";
import { MAX_FEW_SHOT_EXAMPLES, type PromptInput } from "@/lib/llm/prompts/prompt-input";
import { useConnection, usePromptVersions, useSavePrompt, type PromptVersionWithPending } from "./use-llm-api";
import { formatDateTime } from "@/lib/format-date";

function inputOf(version: PromptVersionWithPending): PromptInput {
  const { definition } = version;
  return {
    system: definition.template.system,
    user: definition.template.user,
    guidelines: definition.guidelines,
    exampleCount: definition.examples.length,
    maxTokens: definition.generation.maxTokens,
    responseFormat: definition.generation.responseFormat,
  };
}

/** A span example's answer in brief: `"Ana" (person), "Lima" (location)`, or that it has none. */
function describeEntities(entities: readonly { text: string; type: string; occurrence?: number }[]): string {
  if (entities.length === 0) return "no entities";
  return entities.map((e) => `${JSON.stringify(e.text)}${e.occurrence === undefined ? "" : ` #${e.occurrence}`} (${e.type})`).join(", ");
}

/**
 * The prompt template, its guidelines and few-shot settings. Saving makes a new numbered version
 * with the connection's model and temperature and the project's labels; old versions stay listed
 * and readable.
 */
export function PromptEditor({ slug }: { slug: string }) {
  const prompts = usePromptVersions(slug);
  const connection = useConnection(slug).data?.connection;
  const save = useSavePrompt(slug);
  const [draft, setDraft] = useState<PromptInput | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const versions = prompts.data?.versions ?? [];
  const latest = versions[0];
  if (!prompts.data) return <p className="muted">{prompts.isError ? "The prompt versions could not be loaded." : "Loading…"}</p>;
  const editing = draft ?? (latest ? inputOf(latest) : prompts.data.defaults);
  const change = (patch: Partial<PromptInput>) => setDraft({ ...editing, ...patch });
  const error = save.error instanceof ApiError ? save.error : null;
  const shown = versions.find((v) => v.version === viewing);
  const spans = prompts.data.mode === "spans";
  const generation = latest?.definition.generation;
  const connectionMoved =
    connection !== undefined && generation !== undefined && (connection.model !== generation.model || connection.temperature !== generation.temperature);

  return (
    <div className="prompt-editor">
      <form
        className="form wide"
        data-testid="llm-prompt-form"
        action={() => save.mutate(editing, { onSuccess: () => setDraft(null) })}
      >
        <label>
          System message
          <textarea rows={10} value={editing.system} onChange={(e) => change({ system: e.target.value })} data-testid="llm-prompt-system" />
        </label>
        <label>
          User message (must contain {"{{item}}"} once)
          <textarea rows={3} value={editing.user} onChange={(e) => change({ user: e.target.value })} />
        </label>
        <label>
          Guidelines for the model (starts from the project&apos;s guidelines)
          <textarea rows={5} value={editing.guidelines} onChange={(e) => change({ guidelines: e.target.value })} />
        </label>
        <p className="muted" data-testid="llm-prompt-placeholders">
          {spans ? (
            <>
              This project marks entities: the model is asked for each entity as an exact quote with its type, and Goldset finds the quotes in the text
              (quotes it cannot find are kept with the answer, not shown). Placeholders: {"{{guidelines}}"}, {"{{labels}}"} (the entity types with their
              descriptions; item labels are not asked), {"{{label_names}}"}, {"{{answer_format}}"}
            </>
          ) : (
            <>Placeholders: {"{{guidelines}} {{labels}} {{label_names}} {{label_rule}} {{answer_format}}"}</>
          )}
          ; the item goes where {"{{item}}"} stands, between markers, as data.
        </p>
        <div className="form-row">
          <label>
            Few-shot examples from {spans ? "items whose spans are settled" : "settled items"} (closed ones first; adjudicated, then unanimous, then
            single-annotation); a run never asks about the items they come from
            <input
              type="number"
              min={0}
              max={MAX_FEW_SHOT_EXAMPLES}
              value={editing.exampleCount}
              onChange={(e) => change({ exampleCount: Number(e.target.value) })}
            />
          </label>
          <label>
            Max tokens per answer
            <input type="number" min={1} max={32768} value={editing.maxTokens} onChange={(e) => change({ maxTokens: Number(e.target.value) })} />
          </label>
          <label>
            Answer format
            <select value={editing.responseFormat} onChange={(e) => change({ responseFormat: e.target.value as PromptInput["responseFormat"] })}>
              {RESPONSE_FORMAT_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.title}
                </option>
              ))}
            </select>
          </label>
        </div>
        {connectionMoved && (
          <p className="muted" data-testid="llm-prompt-connection-moved">
            Prompt v{latest?.version} asks {generation?.model} at temperature {generation?.temperature}; the connection now says {connection?.model} at{" "}
            {connection?.temperature}. Runs use the version&apos;s settings: save a new version to use the connection&apos;s.
          </p>
        )}
        <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
        {save.data && (
          <p className="ok" role="status" data-testid="llm-prompt-saved">
            {save.data.created ? `Saved as prompt v${save.data.version.version}.` : `No change: prompt v${save.data.version.version} is the same.`}
          </p>
        )}
        <div className="buttons">
          <button type="submit" disabled={save.isPending}>
            Save as new version
          </button>
          {draft && (
            <button type="button" onClick={() => setDraft(null)}>
              Discard edits
            </button>
          )}
        </div>
      </form>

      <h3>Versions</h3>
      {versions.length === 0 ? (
        <p className="muted">No version saved yet.</p>
      ) : (
        <table data-testid="llm-prompt-versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Hash</th>
              <th>Model</th>
              <th>Temp.</th>
              <th>Examples</th>
              <th>Items without an answer</th>
              <th>Saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td>v{version.version}</td>
                <td>
                  <code title={version.hash}>{version.hash.slice(0, 12)}</code>
                </td>
                <td>{version.definition.generation.model}</td>
                <td>{version.definition.generation.temperature}</td>
                <td>{version.definition.examples.length}</td>
                <td>{version.pendingItems}</td>
                <td>
                  {formatDateTime(version.createdAt)} {version.createdBy ?? "(command line)"}
                </td>
                <td>
                  <button type="button" className="link" onClick={() => setViewing(viewing === version.version ? null : version.version)}>
                    {viewing === version.version ? "hide" : "show"}
                  </button>{" "}
                  <button type="button" className="link" onClick={() => setDraft(inputOf(version))}>
                    edit from here
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && (
        <div className="prompt-version" data-testid="llm-prompt-version-detail">
          <h4>
            Prompt v{shown.version} · {shown.definition.generation.model} · temperature {shown.definition.generation.temperature} · max tokens{" "}
            {shown.definition.generation.maxTokens} · {shown.definition.generation.responseFormat}
          </h4>
          <pre>{shown.definition.template.system}</pre>
          <pre>{shown.definition.template.user}</pre>
          <pre>{shown.definition.guidelines}</pre>
          <h5>System message as the model receives it</h5>
          <pre data-testid="llm-prompt-preview">{shown.systemPreview}</pre>
          {shown.definition.examples.length > 0 && (
            <ol>
              {shown.definition.examples.map((example, index) => (
                <li key={index}>
                  {shown.definition.mode === "spans" ? describeEntities(example.entities ?? []) : example.labels.join(", ")}: {example.text}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
