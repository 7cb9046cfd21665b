// The annotate view's keyboard map, kept pure so it can be tested and shown in the help panel.
import { COMMAND_KEYS, isLabelHotkeyShape } from "@/lib/projects/label-hotkeys";

export type AnnotateCommand =
  | { kind: "label"; key: string }
  | { kind: "submit" }
  | { kind: "toggleNotSure" }
  | { kind: "skip" }
  | { kind: "undo" }
  | { kind: "note" }
  | { kind: "guidelines" }
  | { kind: "help" }
  | { kind: "escape" }
  | { kind: "acceptSuggestion" }
  | { kind: "rejectSuggestion" }
  | { kind: "toggleRationale" };

export const KEY_HELP: { keys: string; what: string }[] = [
  { keys: "1–9, letters", what: "choose a label by its key (multi-label: toggle it)" },
  { keys: "Enter", what: "submit" },
  { keys: "n", what: "toggle “not sure” (type a reason, then Enter)" },
  { keys: "s", what: "skip (type a reason, then Enter)" },
  { keys: "u or Ctrl+Z", what: "undo the last submission" },
  { keys: "c", what: "write a note" },
  { keys: "g", what: "show or hide the guidelines" },
  { keys: "a", what: "accept the suggestion (submits its labels)" },
  { keys: "x", what: "reject the suggestion, then choose a label" },
  { keys: "r", what: "show or hide why the suggestion was made" },
  { keys: "?", what: "show or hide this help" },
  { keys: "Esc", what: "leave a text field, close a panel" },
];

export function commandForKey(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  inTextField: boolean,
): AnnotateCommand | null {
  if (event.key === "Escape") return { kind: "escape" };
  if (inTextField) return event.key === "Enter" ? { kind: "submit" } : null;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") return { kind: "undo" };
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  // Digits and the letters no command uses are label hotkeys (lib/projects/label-hotkeys.ts).
  if (isLabelHotkeyShape(event.key) && !(event.key in COMMAND_KEYS)) return { kind: "label", key: event.key };
  switch (event.key) {
    case "Enter":
      return { kind: "submit" };
    case "n":
      return { kind: "toggleNotSure" };
    case "s":
      return { kind: "skip" };
    case "u":
      return { kind: "undo" };
    case "c":
      return { kind: "note" };
    case "g":
      return { kind: "guidelines" };
    case "?":
      return { kind: "help" };
    case "a":
      return { kind: "acceptSuggestion" };
    case "x":
      return { kind: "rejectSuggestion" };
    case "r":
      return { kind: "toggleRationale" };
    default:
      return null;
  }
}
