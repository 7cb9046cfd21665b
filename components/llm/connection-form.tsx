"use client";
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { ConnectionView } from "@/lib/llm/llm-views";
import { useConnection, useSaveConnection } from "./use-llm-api";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

function optionalNumber(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
}

function keyDescription(apiKey: ConnectionView["apiKey"]): string {
  switch (apiKey.source) {
    case "stored":
      return `A key is stored, encrypted (${apiKey.masked ?? "…"}).`;
    case "environment":
      return "The server's key is in use (GOLDSET_LLM_API_KEY), sent only to GOLDSET_LLM_BASE_URL.";
    case "none":
      return "No key: fine for local servers (Ollama, llama.cpp, vLLM without auth).";
  }
}

/**
 * The project's OpenAI-compatible endpoint. The key field is write-only: the page never receives
 * the key, only where it comes from and, for a stored key, its masked form.
 */
export function ConnectionForm({ slug }: { slug: string }) {
  const connection = useConnection(slug);
  const save = useSaveConnection(slug);
  const error = save.error instanceof ApiError ? save.error : null;
  const current = connection.data?.connection;
  if (!current) return <p className="muted">{connection.isError ? "The connection could not be loaded." : "Loading…"}</p>;

  function submit(form: FormData) {
    save.mutate({
      baseUrl: String(form.get("baseUrl") ?? ""),
      model: String(form.get("model") ?? ""),
      apiKey: String(form.get("apiKey") ?? ""),
      clearApiKey: form.get("clearApiKey") === "on",
      temperature: Number(form.get("temperature")),
      authScheme: String(form.get("authScheme")),
      timeoutMs: Math.round(Number(form.get("timeoutSeconds")) * 1000),
      maxConcurrency: Number(form.get("maxConcurrency")),
      requestsPerMinute: optionalNumber(form.get("requestsPerMinute")),
      tokenBudget: optionalNumber(form.get("tokenBudget")),
    });
  }

  return (
    // Re-mounted after each save, so the key field is emptied and never holds a sent key.
    <form key={current.updatedAt ?? "new"} onSubmit={submitKeepingInput(submit)} className="form" data-testid="llm-connection-form" autoComplete="off">
      {!current.saved && <p className="muted">Not saved yet: the fields show the server&apos;s defaults (GOLDSET_LLM_BASE_URL, GOLDSET_LLM_MODEL).</p>}
      <label>
        Base URL (OpenAI-compatible, up to /v1)
        <input name="baseUrl" defaultValue={current.baseUrl} placeholder="https://api.openai.com/v1" required />
        {current.apiKey.source === "stored" && (
          <span className="muted">Saving another base URL removes the stored key unless you enter the key again.</span>
        )}
      </label>
      <label>
        Model
        <input name="model" defaultValue={current.model} placeholder="gpt-4o-mini" required />
      </label>
      <label>
        API key
        <input name="apiKey" type="password" autoComplete="new-password" placeholder="leave empty to keep the current key" data-testid="llm-api-key" />
        <span className="muted" data-testid="llm-api-key-status">
          {keyDescription(current.apiKey)}
        </span>
      </label>
      {current.apiKey.source === "stored" && (
        <label className="checkbox">
          <input type="checkbox" name="clearApiKey" /> Remove the stored key
        </label>
      )}
      <div className="form-row">
        <label>
          Temperature
          <input name="temperature" type="number" min={0} max={2} step={0.1} defaultValue={current.temperature} />
        </label>
        <label>
          Max concurrent requests
          <input name="maxConcurrency" type="number" min={1} max={64} defaultValue={current.maxConcurrency} />
        </label>
        <label>
          Requests per minute
          <input name="requestsPerMinute" type="number" min={1} defaultValue={current.requestsPerMinute ?? ""} placeholder="no limit" />
        </label>
        <label>
          Token budget per run
          <input name="tokenBudget" type="number" min={1} defaultValue={current.tokenBudget ?? ""} placeholder="no limit" />
        </label>
        <label>
          Timeout (s)
          <input name="timeoutSeconds" type="number" min={1} max={600} defaultValue={current.timeoutMs / 1000} />
        </label>
        <label>
          Key header
          <select name="authScheme" defaultValue={current.authScheme}>
            <option value="bearer">Authorization: Bearer</option>
            <option value="api-key">api-key (Azure OpenAI)</option>
          </select>
        </label>
      </div>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && (
        <p className="ok" role="status" data-testid="llm-connection-saved">
          Connection saved.
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        Save connection
      </button>
    </form>
  );
}
