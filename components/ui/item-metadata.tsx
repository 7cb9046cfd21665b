// The item metadata the lead chose to show (settings: visible metadata), as the annotate and
// review views both show it. Values are untrusted: React renders them as text.
export function ItemMetadata({ metadata, testId }: { metadata: Record<string, unknown>; testId?: string }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return null;
  return (
    <dl className="item-metadata" data-testid={testId}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
