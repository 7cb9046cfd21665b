"use client";
/**
 * The item text with its spans. Fast on long texts (100,000 characters, ~22,000 tokens) because
 * the text is rendered as one element per run between span boundaries, in one block per paragraph
 * (span-segments.ts), memoised on the spans, and the cursor and selection are painted with the CSS
 * Custom Highlight API: moving the cursor creates a Range and re-renders no text at all.
 */
import { memo, useLayoutEffect, useMemo, useRef } from "react";
import type { TextOffsets } from "@/lib/spans/offsets";
import { markLabel, segmentIndexAt16, type TextSegment } from "./span-segments";
import type { Range as CodePointRange } from "./span-editor";

type Props = {
  offsets: TextOffsets;
  segments: TextSegment[];
  colours: ReadonlyMap<string, string>;
  cursor: CodePointRange | null;
  selection: CodePointRange | null;
  /** A mouse selection (or a click, start = end) in code points, as drawn. */
  onDraw: (start: number, end: number) => void;
};

const CURSOR_HIGHLIGHT = "goldset-span-cursor";
const SELECTION_HIGHLIGHT = "goldset-span-selection";

export function SpanText({ offsets, segments, colours, cursor, selection, onDraw }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const paragraphs = useMemo(() => paragraphsOf(segments), [segments]);

  useLayoutEffect(() => {
    const root = container.current;
    if (!root || typeof CSS === "undefined" || !("highlights" in CSS)) return;
    const cursorRange = cursor ? domRange(root, segments, offsets, cursor) : null;
    const selectionRange = selection ? domRange(root, segments, offsets, selection) : null;

    if (cursorRange) CSS.highlights.set(CURSOR_HIGHLIGHT, new Highlight(cursorRange));
    else CSS.highlights.delete(CURSOR_HIGHLIGHT);
    if (selectionRange) CSS.highlights.set(SELECTION_HIGHLIGHT, new Highlight(selectionRange));
    else CSS.highlights.delete(SELECTION_HIGHLIGHT);
    if (cursorRange) keepInView(root, cursorRange);
  }, [cursor, offsets, segments, selection]);

  useLayoutEffect(
    () => () => {
      if (typeof CSS !== "undefined" && "highlights" in CSS) {
        CSS.highlights.delete(CURSOR_HIGHLIGHT);
        CSS.highlights.delete(SELECTION_HIGHLIGHT);
      }
    },
    [],
  );

  function onMouseUp() {
    const root = container.current;
    const selected = window.getSelection();
    if (!root || !selected || selected.rangeCount === 0) return;
    const range = selected.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return;
    const start = codePointOfDomPoint(root, segments, offsets, range.startContainer, range.startOffset);
    const end = codePointOfDomPoint(root, segments, offsets, range.endContainer, range.endOffset);
    if (start === null || end === null) return;
    // The selection becomes the editor's (painted as a highlight, snapped to tokens).
    selected.removeAllRanges();
    onDraw(start, end);
  }

  return (
    <div ref={container} className="item-text span-text" data-testid="item-text" onMouseUp={onMouseUp}>
      <SpanRuns paragraphs={paragraphs} offsets={offsets} colours={colours} />
    </div>
  );
}

/** The runs themselves: re-rendered only when the spans change, never when the cursor moves. */
const SpanRuns = memo(function SpanRuns({ paragraphs, offsets, colours }: { paragraphs: TextSegment[][]; offsets: TextOffsets; colours: ReadonlyMap<string, string> }) {
  return (
    <>
      {paragraphs.map((runs) => (
        <div key={runs[0]!.start} className="span-paragraph">
          {runs.map((segment) => (
            <SpanRun key={segment.start} segment={segment} offsets={offsets} colours={colours} />
          ))}
        </div>
      ))}
    </>
  );
});

function SpanRun({ segment, offsets, colours }: { segment: TextSegment; offsets: TextOffsets; colours: ReadonlyMap<string, string> }) {
  // Item text is untrusted: React renders it as text, never as HTML.
  if (segment.own.length === 0 && segment.suggested.length === 0) return <span data-run={segment.index}>{segment.text}</span>;
  const first = segment.own[0] ?? segment.suggested[0]!;
  const colour = colours.get(first.label) ?? "#64748b";
  const ending = [...segment.own, ...segment.suggested].filter((span) => span.end === segment.end).map((span) => span.label);
  return (
    <mark
      data-run={segment.index}
      className={segment.own.length > 0 ? "span-mark" : "span-mark suggested"}
      style={{ "--span-colour": colour } as React.CSSProperties}
      aria-label={markLabel(segment, offsets)}
      data-type={ending.length > 0 ? ending.join(" + ") : undefined}
      data-testid={segment.own.length > 0 ? "span-mark" : "suggested-span-mark"}
    >
      {segment.text}
    </mark>
  );
}

function paragraphsOf(segments: readonly TextSegment[]): TextSegment[][] {
  const paragraphs: TextSegment[][] = [];
  for (const segment of segments) (paragraphs[segment.paragraph] ??= []).push(segment);
  return paragraphs;
}

/** The DOM position of a UTF-16 offset: the text node of its run and the offset inside it. */
function domPoint(root: HTMLElement, segments: readonly TextSegment[], offset16: number): [Node, number] | null {
  const segment = segments[segmentIndexAt16(segments, offset16)];
  if (!segment) return null;
  const node = root.children[segment.paragraph]?.children[segment.indexInParagraph]?.firstChild;
  if (!node) return null;
  return [node, offset16 - segment.start16];
}

function domRange(root: HTMLElement, segments: readonly TextSegment[], offsets: TextOffsets, range: CodePointRange): Range | null {
  const start = domPoint(root, segments, offsets.utf16Of(range.start));
  const end = domPoint(root, segments, offsets.utf16Of(range.end));
  if (!start || !end) return null;
  const dom = document.createRange();
  dom.setStart(start[0], start[1]);
  dom.setEnd(end[0], end[1]);
  return dom;
}

function codePointOfDomPoint(root: HTMLElement, segments: readonly TextSegment[], offsets: TextOffsets, node: Node, offset: number): number | null {
  let offset16: number;
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  if (!element) return null;
  if (element === root || element.parentElement === root) {
    // A point between paragraphs (in the root) or between the runs of one paragraph: the start of
    // the run after it, or the end of the paragraph's last run.
    const before = element === root ? root.children[offset - 1]?.lastElementChild : element.children[offset - 1];
    const after = element === root ? root.children[offset]?.firstElementChild : element.children[offset];
    const run = after instanceof HTMLElement ? segments[Number(after.dataset.run)] : undefined;
    const previous = before instanceof HTMLElement ? segments[Number(before.dataset.run)] : undefined;
    offset16 = run?.start16 ?? previous?.end16 ?? 0;
  } else {
    const segment = segments[Number((element as HTMLElement).dataset.run)];
    if (!segment) return null;
    offset16 = node.nodeType === Node.TEXT_NODE ? segment.start16 + offset : offset === 0 ? segment.start16 : segment.end16;
  }
  // A point between the halves of a surrogate pair moves past the character.
  if (!offsets.isBoundary(offset16)) offset16 += 1;
  return offsets.codePointOf(offset16);
}

/** Scrolls the text box so the cursor stays visible as it moves through a long text. */
function keepInView(root: HTMLElement, range: Range) {
  const at = range.getBoundingClientRect();
  const box = root.getBoundingClientRect();
  if (at.top < box.top || at.bottom > box.bottom) root.scrollTop += at.top - box.top - box.height / 3;
}
