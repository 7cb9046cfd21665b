// The "Keys" panel of the annotate and review pages: each key (or key combination) and what it does.
export type KeyHelp = { keys: string; what: string };

export function KeyHelpTable({ rows }: { rows: readonly KeyHelp[] }) {
  return (
    <table className="key-help">
      <tbody>
        {rows.map((k) => (
          <tr key={k.keys}>
            <th scope="row">{k.keys}</th>
            <td>{k.what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
