"use client";
// The signed-in user's saved views of the data browser: save the current filters under a name,
// open one (it is a link to the browser with its query string), rename or delete it. Nobody else
// sees them (app/api/projects/[slug]/views answers with the caller's own only).
import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, ApiError } from "@/components/ui/api-client";

type SavedView = { id: number; name: string; query: string };

export function SavedViewsMenu({ slug, currentQuery }: { slug: string; currentQuery: string }) {
  const base = `/api/projects/${encodeURIComponent(slug)}/views`;
  const client = useQueryClient();
  const key = ["saved-views", slug];
  const views = useQuery({ queryKey: key, queryFn: async () => (await apiCall<{ views: SavedView[] }>(base)).views });
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (call: { path: string; method: string; body?: unknown; done: string }) => apiCall(call.path, { method: call.method, body: call.body }),
    onSuccess: async (_answer, call) => {
      setProblem(null);
      setNotice(call.done);
      await client.invalidateQueries({ queryKey: key });
    },
    onError: (error) => {
      setNotice(null);
      setProblem(error instanceof ApiError ? error.message : "That did not work; try again.");
    },
  });

  return (
    <details className="saved-views">
      <summary>My saved views{views.data ? ` (${views.data.length})` : ""}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          change.mutate({ path: base, method: "POST", body: { name: trimmed, query: currentQuery }, done: `Saved the current filters as “${trimmed}”.` }, { onSuccess: () => setName("") });
        }}
      >
        <label htmlFor="saved-view-name">Save the current filters as</label> <input id="saved-view-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />{" "}
        <button type="submit" disabled={change.isPending}>
          Save view
        </button>
      </form>
      {problem ? <p role="alert">{problem}</p> : null}
      {notice ? <p role="status">{notice}</p> : null}
      {views.data && views.data.length === 0 ? <p className="muted">No saved views yet.</p> : null}
      <ul aria-label="Saved views">
        {(views.data ?? []).map((view) => (
          <li key={view.id}>
            {renaming?.id === view.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  change.mutate(
                    { path: `${base}/${view.id}`, method: "PATCH", body: { name: renaming.name.trim() }, done: `Renamed “${view.name}” to “${renaming.name.trim()}”.` },
                    { onSuccess: () => setRenaming(null) },
                  );
                }}
              >
                <label htmlFor={`rename-${view.id}`}>New name for “{view.name}”</label>{" "}
                <input id={`rename-${view.id}`} value={renaming.name} onChange={(e) => setRenaming({ id: view.id, name: e.target.value })} maxLength={100} required autoFocus />{" "}
                <button type="submit">Rename</button>{" "}
                <button type="button" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <Link href={`/projects/${slug}/items${view.query ? `?${view.query}` : ""}`}>{view.name}</Link>
                <button type="button" aria-label={`Rename ${view.name}`} onClick={() => setRenaming({ id: view.id, name: view.name })}>
                  Rename
                </button>
                <button
                  type="button"
                  aria-label={`Delete ${view.name}`}
                  onClick={() => change.mutate({ path: `${base}/${view.id}`, method: "DELETE", done: `Deleted “${view.name}”.` })}
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
