"use client";
// The entity types of a new spans project, one row each (name, colour, hotkey), plus its optional
// item labels and the spans options. Controlled rows, so a refused creation keeps what was typed.
import { FieldProblem, invalidWhen } from "@/components/ui/field-problem";
import type { ApiProblem } from "@/components/ui/api-client";
import { newEntityTypeRow, type EntityTypeRow } from "./span-project-input";

type Props = {
  rows: EntityTypeRow[];
  onRowsChange: (rows: EntityTypeRow[]) => void;
  problems: readonly ApiProblem[];
};

export function EntityTypesFieldset({ rows, onRowsChange, problems }: Props) {
  const update = (index: number, patch: Partial<EntityTypeRow>) => onRowsChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="entity-types" data-testid="entity-types">
      <legend>Entity types</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Colour</th>
            <th scope="col">Hotkey</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>
                <input
                  aria-label={`Entity type ${index + 1} name`}
                  value={row.name}
                  maxLength={64}
                  placeholder={index === 0 ? "person" : index === 1 ? "place" : ""}
                  onChange={(e) => update(index, { name: e.target.value })}
                  {...invalidWhen(problems, `labels.${index}`, `entity-${index}-error`)}
                />
                <FieldProblem id={`entity-${index}-error`} problems={problems} field={`labels.${index}`} />
              </td>
              <td>
                <input type="color" aria-label={`Entity type ${index + 1} colour`} value={row.color} onChange={(e) => update(index, { color: e.target.value })} />
              </td>
              <td>
                <input
                  aria-label={`Entity type ${index + 1} hotkey`}
                  value={row.hotkey}
                  maxLength={1}
                  size={2}
                  pattern="[1-9a-z]?"
                  onChange={(e) => update(index, { hotkey: e.target.value.toLowerCase() })}
                />
              </td>
              <td>
                <button type="button" onClick={() => onRowsChange(rows.filter((_, i) => i !== index))} disabled={rows.length <= 1} aria-label={`Remove entity type ${index + 1}`}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onRowsChange([...rows, newEntityTypeRow(rows)])} data-testid="add-entity-type">
        Add an entity type
      </button>
      <p className="muted">Hotkeys: a digit 1–9 or a letter not used by the annotate page (n s u c g a x r y).</p>
      <label>
        Item labels, comma-separated (optional) <input name="itemLabels" placeholder="relevant, off-topic" />
      </label>
      <label className="checkbox">
        <input type="checkbox" name="characterLevel" /> Character-level spans (selections are not snapped to whole words)
      </label>
      <label className="checkbox">
        <input type="checkbox" name="allowOverlap" /> Allow overlapping spans
      </label>
    </fieldset>
  );
}
