// What the annotate view receives for one item: only what an annotator may see.
export type AnnotateItem = {
  id: number;
  externalId: string;
  text: string;
  metadata: Record<string, unknown>;
};

export function visibleMetadata(metadata: Record<string, unknown>, visibleKeys: readonly string[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const key of visibleKeys) if (key in metadata) shown[key] = metadata[key];
  return shown;
}
