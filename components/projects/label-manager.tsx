"use client";
// The lead's label manager: add, rename, retire, merge (and revert), reorder, and edit hotkey,
// colour and description, one change per request (PATCH /api/projects/[slug]/labels). Renames and
// merges never rewrite stored labels: they record an alias, and items are re-resolved in the
// background (docs/decisions/0006-label-aliases.md).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

export type ManagedLabelView = {
  id: number;
  name: string;
  description: string;
  hotkey: string | null;
  color: string;
  retired: boolean;
  mergedInto: string | null;
  aliases: string[];
};

type Change =
  | { action: "add"; name: string; hotkey?: string | null; color?: string; description?: string }
  | { action: "rename"; labelId: number; name: string }
  | { action: "retire" | "unretire" | "revertMerge"; labelId: number }
  | { action: "merge"; labelId: number; intoLabelId: number }
  | { action: "move"; labelId: number; direction: "up" | "down" }
  | { action: "edit"; labelId: number; description?: string; hotkey?: string | null; color?: string };

type Answer = { labels: ManagedLabelView[]; reresolveJobId: number | null };

const DONE: Record<Change["action"], string> = {
  add: "Label added.",
  rename: "Label renamed; old annotations now read under the new name.",
  retire: "Label retired: hidden from new work, kept in history.",
  unretire: "Label back in use.",
  merge: "Labels merged; the merge can be reverted.",
  revertMerge: "Merge reverted.",
  move: "Order saved.",
  edit: "Label saved.",
};

export function LabelManager({ slug, initial }: { slug: string; initial: ManagedLabelView[] }) {
  const [labels, setLabels] = useState(initial);
  const [status, setStatus] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: (change: Change) => apiCall<Answer>(`/api/projects/${slug}/labels`, { method: "PATCH", body: change }),
    onSuccess: (answer, change) => {
      setLabels(answer.labels);
      setStatus(DONE[change.action] + (answer.reresolveJobId !== null ? ` Items are being re-resolved in the background (job ${answer.reresolveJobId}).` : ""));
    },
    onMutate: () => setStatus(null),
  });
  const error = apply.error instanceof ApiError ? apply.error : null;
  const active = labels.filter((l) => !l.retired);

  return (
    <div className="label-manager" data-testid="label-manager">
      <table className="label-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Hotkey</th>
            <th scope="col">Colour</th>
            <th scope="col">Description</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {labels.map((label, index) => (
            <LabelRow
              key={label.id}
              label={label}
              first={index === 0}
              last={index === labels.length - 1}
              mergeTargets={active.filter((l) => l.id !== label.id)}
              busy={apply.isPending}
              onChange={(change) => apply.mutate(change)}
            />
          ))}
        </tbody>
      </table>
      <AddLabelForm busy={apply.isPending} onAdd={(change) => apply.mutate(change)} />
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      <p role="status" className="ok">
        {status}
      </p>
    </div>
  );
}

function LabelRow({
  label,
  first,
  last,
  mergeTargets,
  busy,
  onChange,
}: {
  label: ManagedLabelView;
  first: boolean;
  last: boolean;
  mergeTargets: ManagedLabelView[];
  busy: boolean;
  onChange: (change: Change) => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(label.name);
  const [hotkey, setHotkey] = useState(label.hotkey ?? "");
  const [color, setColor] = useState(label.color);
  const [description, setDescription] = useState(label.description);
  const [mergeInto, setMergeInto] = useState("");
  const edited = hotkey !== (label.hotkey ?? "") || color !== label.color || description !== label.description;
  const state = label.mergedInto ? `merged into ${label.mergedInto}` : label.retired ? "retired" : "in use";

  return (
    <tr className={label.retired ? "retired" : undefined} data-testid={`label-row-${label.name}`}>
      <th scope="row">
        {renaming ? (
          <form
            className="form inline"
            onSubmit={(event) => {
              event.preventDefault();
              onChange({ action: "rename", labelId: label.id, name: newName.trim() });
              setRenaming(false);
            }}
          >
            <input aria-label={`New name for ${label.name}`} value={newName} maxLength={64} autoFocus onChange={(e) => setNewName(e.target.value)} />
            <button type="submit" disabled={busy}>
              Save name
            </button>
            <button type="button" className="link" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <span style={{ color: label.color }}>●</span> {label.name}
            {label.aliases.length > 0 && <div className="muted">also reads: {label.aliases.join(", ")}</div>}
          </>
        )}
      </th>
      <td>
        <input
          aria-label={`Hotkey of ${label.name}`}
          value={hotkey}
          size={2}
          maxLength={1}
          onChange={(e) => setHotkey(e.target.value.toLowerCase())}
        />
      </td>
      <td>
        <input type="color" aria-label={`Colour of ${label.name}`} value={color} onChange={(e) => setColor(e.target.value)} />
      </td>
      <td>
        <input aria-label={`Description of ${label.name}`} value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
      </td>
      <td>{state}</td>
      <td className="actions">
        {edited && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onChange({ action: "edit", labelId: label.id, hotkey: hotkey === "" ? null : hotkey, color, description })}
          >
            Save
          </button>
        )}
        <button type="button" aria-label={`Move ${label.name} up`} disabled={busy || first} onClick={() => onChange({ action: "move", labelId: label.id, direction: "up" })}>
          ↑
        </button>
        <button
          type="button"
          aria-label={`Move ${label.name} down`}
          disabled={busy || last}
          onClick={() => onChange({ action: "move", labelId: label.id, direction: "down" })}
        >
          ↓
        </button>
        {!label.mergedInto && (
          <button type="button" disabled={busy} onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
        {label.mergedInto ? (
          <button type="button" disabled={busy} onClick={() => onChange({ action: "revertMerge", labelId: label.id })}>
            Revert merge
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={() => onChange({ action: label.retired ? "unretire" : "retire", labelId: label.id })}>
              {label.retired ? "Unretire" : "Retire"}
            </button>
            <select aria-label={`Merge ${label.name} into`} value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
              <option value="">Merge into…</option>
              {mergeTargets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={busy || mergeInto === ""}
              onClick={() => {
                onChange({ action: "merge", labelId: label.id, intoLabelId: Number(mergeInto) });
                setMergeInto("");
              }}
            >
              Merge
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function AddLabelForm({ busy, onAdd }: { busy: boolean; onAdd: (change: Change) => void }) {
  const [name, setName] = useState("");
  const [hotkey, setHotkey] = useState("");
  return (
    <form
      className="form inline"
      onSubmit={(event) => {
        event.preventDefault();
        onAdd({ action: "add", name: name.trim(), hotkey: hotkey === "" ? null : hotkey });
        setName("");
        setHotkey("");
      }}
    >
      <label>
        New label
        <input value={name} maxLength={64} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Hotkey
        <input value={hotkey} size={2} maxLength={1} onChange={(e) => setHotkey(e.target.value.toLowerCase())} />
      </label>
      <button type="submit" disabled={busy}>
        Add label
      </button>
    </form>
  );
}
