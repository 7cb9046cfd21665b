"use client";
// A tablist whose selected tab lives in the URL (?tab=), so a tab can be linked to and survives a
// reload. Tabs are links (the server renders only the selected panel); arrow keys, Home and End
// move between them as the WAI-ARIA tabs pattern asks, Enter follows the focused one.
import Link from "next/link";
import { useRef, type KeyboardEvent } from "react";

export type UrlTab = { id: string; title: string };

/** `basePath` is the page's path; each tab links to `${basePath}?tab=${id}`. */
export function UrlTabs({ tabs, selected, label, basePath }: { tabs: readonly UrlTab[]; selected: string; label: string; basePath: string }) {
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  function onKeyDown(event: KeyboardEvent<HTMLAnchorElement>, index: number) {
    const last = tabs.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    refs.current[next]?.focus();
  }
  return (
    <div role="tablist" aria-label={label} className="url-tabs">
      {tabs.map((tab, index) => (
        <Link
          key={tab.id}
          ref={(el) => {
            refs.current[index] = el;
          }}
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === selected}
          aria-controls={tab.id === selected ? `panel-${tab.id}` : undefined}
          tabIndex={tab.id === selected ? 0 : -1}
          href={`${basePath}?tab=${encodeURIComponent(tab.id)}`}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.title}
        </Link>
      ))}
    </div>
  );
}
