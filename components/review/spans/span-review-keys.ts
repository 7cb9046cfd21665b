// The span reviewer's keyboard map, pure so it can be tested and shown as help. The draft's editing
// keys are the annotator's (components/annotate/spans/span-keys.ts: arrows, Shift+arrows, Home/End,
// Backspace/Delete, type keys); the review's own keys move between candidates and decide.
import type { CursorMove } from "@/components/annotate/spans/span-keys";

export type SpanReviewCommand =
  | { kind: "focus"; to: "next" | "previous" }
  | { kind: "move"; to: CursorMove; extend: boolean }
  | { kind: "accept" }
  | { kind: "reject" }
  | { kind: "acceptRow" }
  | { kind: "removeSpan" }
  /** An entity type's hotkey (the view checks it is one). */
  | { kind: "hotkey"; key: string }
  | { kind: "decide" }
  | { kind: "sendBack" }
  | { kind: "rationale" }
  | { kind: "escape" };

export const SPAN_REVIEW_KEY_HELP: { keys: string; what: string }[] = [
  { keys: "j k / ↓ ↑", what: "next or previous annotator span" },
  { keys: "y", what: "accept the span in focus into the decision" },
  { keys: "n", what: "reject the span in focus" },
  { keys: "a", what: "accept every span of the focused span's annotator" },
  { keys: "← → Home End", what: "move the cursor in the decision" },
  { keys: "Shift+← →", what: "extend a selection; from a decided span, move its boundary (then its type key)" },
  { keys: "type key", what: "mark the selection as that type (adds a missing span)" },
  { keys: "Backspace Delete", what: "remove the decided span under the cursor" },
  { keys: "Enter", what: "decide" },
  { keys: "b", what: "send back for one more annotation" },
  { keys: "r", what: "write a rationale" },
  { keys: "Esc", what: "clear the selection, leave a text field" },
];

const MOVES: Record<string, CursorMove> = { ArrowLeft: "left", ArrowRight: "right", Home: "home", End: "end" };

export function spanReviewCommandForKey(
  event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  inTextField: boolean,
): SpanReviewCommand | null {
  if (event.key === "Escape") return { kind: "escape" };
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (inTextField) return event.key === "Enter" ? { kind: "decide" } : null;
  const move = MOVES[event.key];
  if (move) return { kind: "move", to: move, extend: event.shiftKey };
  switch (event.key) {
    case "j":
    case "ArrowDown":
      return { kind: "focus", to: "next" };
    case "k":
    case "ArrowUp":
      return { kind: "focus", to: "previous" };
    case "y":
      return { kind: "accept" };
    case "n":
      return { kind: "reject" };
    case "a":
      return { kind: "acceptRow" };
    case "Backspace":
    case "Delete":
      return { kind: "removeSpan" };
    case "Enter":
      return { kind: "decide" };
    case "b":
      return { kind: "sendBack" };
    case "r":
      return { kind: "rationale" };
  }
  return event.key.length === 1 ? { kind: "hotkey", key: event.key } : null;
}
