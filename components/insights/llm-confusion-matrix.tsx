// Settled label (rows) against the LLM's label (columns); the diagonal is where they agree.
export function LlmConfusionMatrix({ labels, counts }: { labels: string[]; counts: number[][] }) {
  return (
    <table className="confusion" data-testid="llm-confusion">
      <thead>
        <tr>
          <th>settled ↓ · LLM →</th>
          {labels.map((label) => (
            <th key={label}>{label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((gold, g) => (
          <tr key={gold}>
            <th>{gold}</th>
            {labels.map((predicted, p) => (
              <td key={predicted} className={g === p ? "diagonal" : undefined}>
                {counts[g]?.[p] ?? 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
