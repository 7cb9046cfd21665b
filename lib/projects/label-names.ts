// How a label name stored in an annotation, a suggestion or an adjudication reads today, after
// renames and merges (docs/decisions/0006-label-aliases.md). Stored names are never rewritten:
// every reader maps them through this. Pure: the database half is db/queries/label-names.ts.

export type NamedLabel = { id: number; name: string; retiredAt: Date | null };
/** An alias in force (not reverted): the old `name` now reads as the label `labelId`. */
export type LabelAlias = { name: string; labelId: number; kind: "rename" | "merge" };

export interface LabelNames {
  /** The current name a stored name reads as; a name nobody knows reads as itself. */
  read(stored: string): string;
  /** A stored label set as it reads today: mapped, duplicates dropped, first occurrence kept. */
  readAll(stored: readonly string[]): string[];
  /** Every stored name that reads as `current` (itself included): what a filter on it must match. */
  storedNamesOf(current: string): string[];
  /** Whether a current name belongs to a retired label (shown with "retired" in history). */
  isRetired(current: string): boolean;
  /** The label a merge folded `labelId` into, if a merge in force did. */
  mergedInto(labelId: number): number | undefined;
  /** Stored names that read as another name, with that name: what a SQL reading must translate. */
  changed: readonly (readonly [stored: string, current: string])[];
}

export function labelNames(labels: readonly NamedLabel[], aliases: readonly LabelAlias[]): LabelNames {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const idByName = new Map(labels.map((l) => [l.name, l.id]));
  const aliasByName = new Map<string, number>();
  const mergeTarget = new Map<number, number>();
  for (const alias of aliases) {
    // A label's own name wins over an alias: a rename back to an old name leaves that alias behind.
    if (!idByName.has(alias.name)) aliasByName.set(alias.name, alias.labelId);
    if (alias.kind === "merge") {
      const source = idByName.get(alias.name);
      if (source !== undefined && source !== alias.labelId) mergeTarget.set(source, alias.labelId);
    }
  }

  /** Follows merges to the label that absorbed `id`; a cycle (never written by saveable plans) stops where it closes. */
  function finalId(id: number): number {
    const seen = new Set<number>([id]);
    let current = id;
    for (let next = mergeTarget.get(current); next !== undefined && !seen.has(next); next = mergeTarget.get(current)) {
      seen.add(next);
      current = next;
    }
    return current;
  }

  const readings = new Map<string, string>();
  for (const name of new Set([...idByName.keys(), ...aliasByName.keys()])) {
    const id = idByName.get(name) ?? aliasByName.get(name)!;
    const label = byId.get(finalId(id));
    readings.set(name, label ? label.name : name);
  }
  const storedOf = new Map<string, string[]>();
  for (const [stored, current] of readings) {
    const list = storedOf.get(current) ?? [];
    list.push(stored);
    storedOf.set(current, list);
  }
  const retired = new Set(labels.filter((l) => l.retiredAt !== null).map((l) => l.name));

  const read = (stored: string) => readings.get(stored) ?? stored;
  return {
    read,
    readAll: (stored) => [...new Set(stored.map(read))],
    storedNamesOf: (current) => {
      const list = storedOf.get(current);
      if (!list) return [current];
      return list.includes(current) ? [...list].sort() : [current, ...list].sort();
    },
    isRetired: (current) => retired.has(current),
    mergedInto: (id) => mergeTarget.get(id),
    changed: [...readings].filter(([stored, current]) => stored !== current),
  };
}

/** Why a merge of `sourceId` into `targetId` cannot be recorded, or null when it can. */
export function mergeRefusal(labels: readonly NamedLabel[], aliases: readonly LabelAlias[], sourceId: number, targetId: number): string | null {
  const source = labels.find((l) => l.id === sourceId);
  const target = labels.find((l) => l.id === targetId);
  if (!source || !target) return "Both labels must belong to this project.";
  if (sourceId === targetId) return `A label cannot be merged into itself ("${source.name}").`;
  const names = labelNames(labels, aliases);
  if (names.mergedInto(sourceId) !== undefined) return `"${source.name}" is already merged: revert that merge first.`;
  if (target.retiredAt !== null) return `"${target.name}" is retired: merge into a label in use, or unretire it first.`;
  // The target must not read as the source through merges already in force: that would close a cycle.
  const seen = new Set<number>();
  for (let id: number | undefined = targetId; id !== undefined && !seen.has(id); id = names.mergedInto(id)) {
    if (id === sourceId) return `Merging "${source.name}" into "${target.name}" would make the two read as each other.`;
    seen.add(id);
  }
  return null;
}

/** Why `labelId` cannot be renamed to `newName`, or null when it can. */
export function renameRefusal(labels: readonly NamedLabel[], aliases: readonly LabelAlias[], labelId: number, newName: string): string | null {
  const label = labels.find((l) => l.id === labelId);
  if (!label) return "That label does not belong to this project.";
  if (label.name === newName) return `The label is already called "${newName}".`;
  if (labelNames(labels, aliases).mergedInto(labelId) !== undefined) return `"${label.name}" is merged into another label: revert the merge before renaming it.`;
  return nameTakenRefusal(labels, aliases, newName, labelId);
}

/** Why `name` cannot be given to `labelId` (or to a new label when it is null), or null. */
export function nameTakenRefusal(labels: readonly NamedLabel[], aliases: readonly LabelAlias[], name: string, labelId: number | null): string | null {
  const other = labels.find((l) => l.name.toLowerCase() === name.toLowerCase() && l.id !== labelId);
  if (other) return `Another label is already called "${other.name}": choose another name.`;
  const alias = aliases.find((a) => a.name === name && a.labelId !== labelId);
  if (alias) {
    const owner = labels.find((l) => l.id === alias.labelId);
    return `"${name}" is an old name that now reads as "${owner?.name ?? "another label"}": choose another name, or revert that merge.`;
  }
  return null;
}

export type DatedRename = { name: string; labelId: number; createdAt: Date };

/**
 * The project's label names as they were at `at`, in the given (current) order: each renamed label
 * under the name it had then, which is the old name of its first rename after `at`. An export
 * snapshot's dataset card lists these, so re-exporting an old snapshot after a rename writes the
 * same bytes. Labels are not filtered by their creation time: rows migrated from older schemas
 * carry the migration's time, later than snapshots they were in.
 */
export function labelNamesAsOf(labels: readonly { id: number; name: string }[], renames: readonly DatedRename[], at: Date): string[] {
  return labels.map((l) => {
    const later = renames.filter((r) => r.labelId === l.id && r.createdAt.getTime() > at.getTime()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return later[0]?.name ?? l.name;
  });
}
