// The span annotator's keyboard map, pure so it can be tested and shown in the help panel. The keys
// the classification view shares (Enter, n, s, u, c, g, r, ?, Esc) mean the same here; the arrows,
// Home/End, Backspace/Delete, `a`, `x` and `y` are the span editor's own.
import { COMMAND_KEYS, isLabelHotkeyShape } from "@/lib/projects/label-hotkeys";
import { commandForKey, type AnnotateCommand } from "../annotate-keys";

export type CursorMove = "left" | "right" | "home" | "end";

export type SpanCommand =
  | { kind: "move"; to: CursorMove; extend: boolean }
  /** An entity type's (or an item label's) hotkey; the view decides which. */
  | { kind: "hotkey"; key: string }
  | { kind: "removeSpan" }
  | { kind: "acceptAllSuggested" }
  | { kind: "rejectAllSuggested" }
  /** `y`: accept the suggested span under the cursor (or a type whose hotkey is y). */
  | { kind: "yes" }
  /** `n`: reject the suggested span under the cursor, otherwise toggle "not sure". */
  | { kind: "no" }
  | Exclude<AnnotateCommand, { kind: "label" | "acceptSuggestion" | "rejectSuggestion" | "toggleNotSure" }>;

export const SPAN_KEY_HELP: { keys: string; what: string }[] = [
  { keys: "← →", what: "move the cursor one token" },
  { keys: "Home End", what: "cursor to the first or last token" },
  { keys: "Shift+← →", what: "extend the selection (from a marked span: move its boundary)" },
  { keys: "type key", what: "mark the selection (or the token under the cursor) as that type" },
  { keys: "Backspace Delete", what: "remove the span under the cursor" },
  { keys: "y / type key", what: "accept the suggested span under the cursor (as that type)" },
  { keys: "n", what: "reject the suggested span under the cursor; elsewhere toggle “not sure”" },
  { keys: "a", what: "accept all suggested spans" },
  { keys: "x", what: "reject all suggested spans" },
  { keys: "Enter", what: "submit the spans" },
  { keys: "s", what: "skip (type a reason, then Enter)" },
  { keys: "u or Ctrl+Z", what: "undo the last submission" },
  { keys: "c", what: "write a note" },
  { keys: "g", what: "show or hide the guidelines" },
  { keys: "r", what: "show or hide why the suggestion was made" },
  { keys: "?", what: "show or hide this help" },
  { keys: "Esc", what: "clear the selection, leave a text field, close a panel" },
];

const MOVES: Record<string, CursorMove> = { ArrowLeft: "left", ArrowRight: "right", Home: "home", End: "end" };

export function spanCommandForKey(
  event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  inTextField: boolean,
): SpanCommand | null {
  if (!inTextField && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const move = MOVES[event.key];
    if (move) return { kind: "move", to: move, extend: event.shiftKey };
    switch (event.key) {
      case "Backspace":
      case "Delete":
        return { kind: "removeSpan" };
      case "a":
        return { kind: "acceptAllSuggested" };
      case "x":
        return { kind: "rejectAllSuggested" };
      case "y":
        return { kind: "yes" };
      case "n":
        return { kind: "no" };
    }
    if (isLabelHotkeyShape(event.key) && !(event.key in COMMAND_KEYS)) return { kind: "hotkey", key: event.key };
  }
  const shared = commandForKey(event, inTextField);
  if (!shared) return null;
  switch (shared.kind) {
    case "label":
      return { kind: "hotkey", key: shared.key };
    case "acceptSuggestion":
      return { kind: "acceptAllSuggested" };
    case "rejectSuggestion":
      return { kind: "rejectAllSuggested" };
    case "toggleNotSure":
      return { kind: "no" };
    default:
      return shared;
  }
}
