"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

type Label = { name: string; description: string; hotkey: string | null; color: string };

export function LabelEditor({ slug, initial }: { slug: string; initial: Label[] }) {
  const [rows, setRows] = useState<Label[]>(initial);
  const [saved, setSaved] = useState<Set<string>>(new Set(initial.map((l) => l.name)));
  const save = useMutation({
    mutationFn: () => apiCall<{ labels: Label[] }>(`/api/projects/${slug}/labels`, { method: "PUT", body: { labels: rows } }),
    onSuccess: (res) => {
      setRows(res.labels);
      setSaved(new Set(res.labels.map((l) => l.name)));
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const edit = (i: number, patch: Partial<Label>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <form action={() => save.mutate()} className="form" data-testid="label-editor">
      <table className="label-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th>Key</th>
            <th>Colour</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l, i) => (
            <tr key={i}>
              <td>
                {/* A saved label's name is what its annotations store, so it is fixed once saved. */}
                <input value={l.name} readOnly={saved.has(l.name)} maxLength={64} onChange={(e) => edit(i, { name: e.target.value })} />
              </td>
              <td>
                <input value={l.description} maxLength={1000} onChange={(e) => edit(i, { description: e.target.value })} />
              </td>
              <td>
                <input
                  value={l.hotkey ?? ""}
                  size={2}
                  maxLength={1}
                  onChange={(e) => edit(i, { hotkey: e.target.value === "" ? null : e.target.value })}
                />
              </td>
              <td>
                <input type="color" value={l.color} onChange={(e) => edit(i, { color: e.target.value })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link" onClick={() => setRows([...rows, { name: "", description: "", hotkey: null, color: "#64748b" }])}>
        + Add label
      </button>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && <p className="ok">Labels saved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save labels
      </button>
    </form>
  );
}
