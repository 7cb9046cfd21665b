"use client";
// The lead's webhooks: add one (URL and events; its signing secret is shown once), switch events
// and active on and off, delete it, and read each webhook's deliveries with a Resend button.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { DateTime } from "@/components/ui/date-time";
import { FieldErrors } from "@/components/ui/field-errors";
import type { WebhookEvent } from "@/db/schema";
import type { WebhookDeliveryJson, WebhookJson } from "@/lib/webhooks/webhook-views";

const EVENT_TITLES: Record<WebhookEvent, string> = {
  "item.resolved": "Item resolved (final labels changed)",
  "annotation.created": "Annotation submitted",
  "review.decided": "Review decided or sent back",
  "snapshot.created": "Export snapshot made",
  "llm_run.finished": "LLM run finished",
  "import.finished": "Item import finished",
};
// Typed as a record of every event, so a new event in the schema does not compile until it has a title here.
const WEBHOOK_EVENTS = Object.keys(EVENT_TITLES) as WebhookEvent[];
const POLL_MS = 2_000;

function errorOf(error: unknown): ApiError | null {
  return error instanceof ApiError ? error : null;
}

export function WebhooksSection({ slug }: { slug: string }) {
  const base = `/api/projects/${encodeURIComponent(slug)}/webhooks`;
  const client = useQueryClient();
  const key = ["webhooks", slug];
  const list = useQuery({ queryKey: key, queryFn: async () => (await apiCall<{ webhooks: WebhookJson[] }>(base)).webhooks });
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: (input: { url: string; events: WebhookEvent[] }) => apiCall<{ webhook: WebhookJson; secret: string }>(base, { body: input }),
    onSuccess: refresh,
  });
  const createError = errorOf(create.error);

  return (
    <section className="card" data-testid="webhooks" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        Goldset POSTs a JSON event to each URL, signed with the webhook&apos;s secret: the <code>Goldset-Webhook-Signature</code> header is{" "}
        <code>v1=</code> and the hex HMAC-SHA256 of <code>&lt;Goldset-Webhook-Timestamp&gt;.&lt;body&gt;</code>. Refuse requests whose timestamp is
        more than five minutes old. Failed deliveries are retried for about seven hours. Targets follow the server&apos;s outbound allow-list
        (GOLDSET_LLM_ALLOWED_HOSTS), as LLM endpoints do.
      </p>
      {list.isPending && <p className="muted">Loading…</p>}
      {list.error && <FieldErrors message={`The webhooks could not be loaded: ${list.error.message}`} problems={[]} />}
      {list.data?.length === 0 && <p>No webhooks yet.</p>}
      {list.data?.map((webhook) => <WebhookCard key={webhook.id} base={base} webhook={webhook} onChange={refresh} />)}

      <h3>Add a webhook</h3>
      <form
        className="form"
        data-testid="add-webhook-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          create.mutate({ url: String(form.get("url") ?? ""), events: form.getAll("events").map(String) as WebhookEvent[] });
        }}
      >
        <label>
          URL
          <input name="url" type="url" required placeholder="https://example.org/hooks/goldset" />
        </label>
        <EventCheckboxes name="events" initial={[...WEBHOOK_EVENTS]} legend="Events to send" />
        <FieldErrors message={createError?.message ?? null} problems={createError?.problems ?? []} />
        <button type="submit" disabled={create.isPending}>
          Add webhook
        </button>
      </form>
      {create.data && (
        <div className="ok" role="status" data-testid="webhook-secret">
          <p>
            Webhook added. Its signing secret is shown this once: store it with the receiver now.
          </p>
          <p>
            <code data-testid="webhook-secret-value">{create.data.secret}</code>
          </p>
        </div>
      )}
    </section>
  );
}

function EventCheckboxes({ name, initial, legend }: { name: string; initial: readonly WebhookEvent[]; legend: string }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {WEBHOOK_EVENTS.map((event) => (
        <label key={event} className="checkbox">
          <input type="checkbox" name={name} value={event} defaultChecked={initial.includes(event)} /> {EVENT_TITLES[event]} <code>{event}</code>
        </label>
      ))}
    </fieldset>
  );
}

function WebhookCard({ base, webhook, onChange }: { base: string; webhook: WebhookJson; onChange: () => void }) {
  const [showDeliveries, setShowDeliveries] = useState(false);
  const update = useMutation({
    mutationFn: (changes: { events?: WebhookEvent[]; active?: boolean }) => apiCall<{ webhook: WebhookJson }>(`${base}/${webhook.id}`, { method: "PATCH", body: changes }),
    onSuccess: onChange,
  });
  const remove = useMutation({
    mutationFn: () => apiCall<{ deleted: number }>(`${base}/${webhook.id}`, { method: "DELETE" }),
    onSuccess: onChange,
  });
  const error = errorOf(update.error) ?? errorOf(remove.error);
  return (
    <article className="card" data-testid={`webhook-${webhook.id}`} aria-label={`Webhook to ${webhook.url}`}>
      <h3>
        <code>{webhook.url}</code> {webhook.active ? "" : <span className="muted">(inactive)</span>}
      </h3>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          update.mutate({ events: form.getAll("events").map(String) as WebhookEvent[], active: form.get("active") === "on" });
        }}
      >
        <EventCheckboxes name="events" initial={webhook.events} legend="Events" />
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={webhook.active} /> Active
        </label>
        <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
        <div className="form-row">
          <button type="submit" disabled={update.isPending}>
            Save webhook
          </button>
          <button type="button" onClick={() => setShowDeliveries((shown) => !shown)} aria-expanded={showDeliveries}>
            {showDeliveries ? "Hide deliveries" : "Show deliveries"}
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the webhook to ${webhook.url}? It gets no more events; its deliveries stay in the log.`)) remove.mutate();
            }}
          >
            Delete webhook
          </button>
        </div>
      </form>
      {showDeliveries && <DeliveriesTable base={base} webhookId={webhook.id} />}
    </article>
  );
}

function DeliveriesTable({ base, webhookId }: { base: string; webhookId: number }) {
  const client = useQueryClient();
  const key = ["webhook-deliveries", base, webhookId];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => apiCall<{ deliveries: WebhookDeliveryJson[]; nextBefore: number | null }>(`${base}/${webhookId}/deliveries`),
    refetchInterval: (q) => ((q.state.data?.deliveries ?? []).some((d) => d.state === "pending") ? POLL_MS : false),
  });
  const resend = useMutation({
    mutationFn: (deliveryId: number) => apiCall<{ delivery: WebhookDeliveryJson }>(`${base}/deliveries/${deliveryId}/resend`, { body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const error = errorOf(resend.error);
  if (deliveries.isPending) return <p className="muted">Loading deliveries…</p>;
  if (deliveries.error) return <FieldErrors message={`The deliveries could not be loaded: ${deliveries.error.message}`} problems={[]} />;
  if (deliveries.data.deliveries.length === 0) return <p>No deliveries yet.</p>;
  return (
    <>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      <div className="table-scroll">
        <table className="data-table compact" data-testid={`webhook-deliveries-${webhookId}`}>
          <caption className="visually-hidden">Latest deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">State</th>
              <th scope="col">Attempts</th>
              <th scope="col">HTTP status</th>
              <th scope="col">Error</th>
              <th scope="col">Created</th>
              <th scope="col">Last attempt</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.deliveries.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.id}`} data-state={d.state}>
                <td>
                  <code>{d.event}</code>
                  {d.resendOf !== null && <span className="muted"> (resend of {d.resendOf})</span>}
                </td>
                <td>{d.state}</td>
                <td>{d.attempts}</td>
                <td>{d.responseStatus ?? ""}</td>
                <td className={d.error ? "error" : undefined}>{d.error}</td>
                <td>
                  <DateTime at={d.createdAt} seconds />
                </td>
                <td>{d.lastAttemptAt && <DateTime at={d.lastAttemptAt} seconds />}</td>
                <td>
                  <button type="button" className="link" onClick={() => resend.mutate(d.id)} disabled={resend.isPending} aria-label={`Resend delivery ${d.id}`}>
                    Resend
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
