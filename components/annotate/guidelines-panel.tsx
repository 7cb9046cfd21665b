"use client";
import { SafeMarkdown } from "@/components/ui/safe-markdown";
import type { AnnotateLabel } from "./annotate-view";

export function GuidelinesPanel({ markdown, labels }: { markdown: string; labels: AnnotateLabel[] }) {
  return (
    <aside className="guidelines" aria-label="Guidelines" data-testid="guidelines">
      <h2>Guidelines</h2>
      {markdown.trim() ? <SafeMarkdown markdown={markdown} /> : <p>No guidelines yet.</p>}
      <h3>Labels</h3>
      <dl>
        {labels.map((l) => (
          <div key={l.name}>
            <dt style={{ color: l.color }}>{l.name}</dt>
            <dd>{l.description || "—"}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
