// What the new-project form sends for a spans project: entity types (labels of kind "entity", with
// colour and hotkey), optional item labels (kind "item"), and the spans options in the body's
// `spans` field (newProjectSchema, lib/projects/project-input.ts; stored as settings.spans).
// Pure, so the shape is tested once here.
import { labelsFromList } from "@/lib/projects/project-input";

export type EntityTypeRow = { name: string; color: string; hotkey: string };

export type SpanProjectFields = {
  labels: { name: string; kind: "entity" | "item"; color?: string; hotkey?: string | null }[];
  spans: { characterLevel: boolean; allowOverlap: boolean };
};

/** Rows with no name are the blank rows of the form and are left out; a blank hotkey means none. */
export function spanProjectFields({
  entityTypes,
  itemLabels,
  characterLevel,
  allowOverlap,
}: {
  entityTypes: readonly EntityTypeRow[];
  itemLabels: string;
  characterLevel: boolean;
  allowOverlap: boolean;
}): SpanProjectFields {
  const entities = entityTypes
    .map((row) => ({ name: row.name.trim(), color: row.color, hotkey: row.hotkey.trim().toLowerCase() }))
    .filter((row) => row.name.length > 0)
    .map((row) => ({ name: row.name, kind: "entity" as const, color: row.color, hotkey: row.hotkey === "" ? null : row.hotkey }));
  // Item labels get no hotkey by default: the digits belong to the entity types.
  const items = labelsFromList(itemLabels).map((label) => ({ name: label.name, kind: "item" as const, hotkey: null }));
  return { labels: [...entities, ...items], spans: { characterLevel, allowOverlap } };
}

const ENTITY_COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563"];

/** A new row of the entity types table: the next colour and the next free digit as its hotkey. */
export function newEntityTypeRow(existing: readonly EntityTypeRow[]): EntityTypeRow {
  const taken = new Set(existing.map((row) => row.hotkey));
  const hotkey = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].find((digit) => !taken.has(digit)) ?? "";
  return { name: "", color: ENTITY_COLOURS[existing.length % ENTITY_COLOURS.length]!, hotkey };
}
