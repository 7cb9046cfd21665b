import { formatCount, quoteValue } from "@/lib/import/import-log";

// The rules for a project's labels, shared by the project form, the CLI and every importer that
// checks label names, so a name that can be defined is exactly a name that can be imported.

export const LABEL_NAME_MAX_CHARS = 64;

export interface LabelDefinitionInput {
  name: string;
  /** Keyboard shortcut 1–9 in the annotation view. */
  hotkey?: number | null;
  /** "#rrggbb". */
  color?: string | null;
}

export interface LabelDefinitionProblem {
  /** 0-based position in the list, so a form can put the message under the right row. */
  index: number;
  field: "name" | "hotkey" | "color";
  message: string;
}

// Cc: C0 and C1 controls (tab and newline included); Zl, Zp: line and paragraph separators;
// Cs: lone surrogates. Zero-width joiners (Cf) stay allowed: emoji sequences need them.
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** What is wrong with a label name, phrased to follow "label name ", or null when it is fine. */
export function labelNameProblem(name: string): string | null {
  if (name.trim() === "") return "is empty";
  const chars = countCodePoints(name, LABEL_NAME_MAX_CHARS + 1);
  if (chars > LABEL_NAME_MAX_CHARS) {
    const shown = countCodePoints(name, Number.POSITIVE_INFINITY);
    return `is ${formatCount(shown)} characters long, over the ${LABEL_NAME_MAX_CHARS}-character limit: ${quoteValue(name, 20)}`;
  }
  const forbidden = FORBIDDEN_CHARACTER.exec(name);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0) ?? 0;
    return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}: ${quoteValue(name)}`;
  }
  if (name !== name.trim()) return `starts or ends with whitespace: ${quoteValue(name)}`;
  return null;
}

/** The key under which two label names count as the same: case and Unicode form ignored. */
export function labelNameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/**
 * Checks a project's label definitions: names valid and unique ignoring case, hotkeys 1–9 and
 * unique, colours as "#rrggbb". Returns every problem, each tied to its label and field.
 */
export function validateLabelDefinitions(labels: readonly LabelDefinitionInput[]): LabelDefinitionProblem[] {
  const problems: LabelDefinitionProblem[] = [];
  const byName = new Map<string, number>();
  const byHotkey = new Map<number, number>();
  const describe = (index: number): string => {
    const name = labels[index]?.name ?? "";
    return name.trim() === "" || labelNameProblem(name) !== null ? `label ${index + 1}` : `label ${index + 1} (${quoteValue(name, 30)})`;
  };

  labels.forEach((label, index) => {
    const nameProblem = labelNameProblem(label.name);
    if (nameProblem) {
      problems.push({ index, field: "name", message: `label ${index + 1}: name ${nameProblem}` });
    } else {
      const key = labelNameKey(label.name);
      const first = byName.get(key);
      if (first === undefined) byName.set(key, index);
      else {
        problems.push({
          index,
          field: "name",
          message: `${describe(index)}: name is already used by ${describe(first)}; label names must differ by more than letter case`,
        });
      }
    }

    if (label.hotkey !== undefined && label.hotkey !== null) {
      if (!Number.isInteger(label.hotkey) || label.hotkey < 1 || label.hotkey > 9) {
        problems.push({ index, field: "hotkey", message: `${describe(index)}: hotkey must be a whole number from 1 to 9, got ${label.hotkey}` });
      } else {
        const first = byHotkey.get(label.hotkey);
        if (first === undefined) byHotkey.set(label.hotkey, index);
        else {
          problems.push({ index, field: "hotkey", message: `${describe(index)}: hotkey ${label.hotkey} is already used by ${describe(first)}` });
        }
      }
    }

    if (label.color !== undefined && label.color !== null && !COLOR.test(label.color)) {
      problems.push({ index, field: "color", message: `${describe(index)}: colour must be written #rrggbb (e.g. "#1f77b4"), got ${quoteValue(label.color, 20)}` });
    }
  });
  return problems;
}

/** Counts code points (what a person calls characters), stopping once past `limit`. */
function countCodePoints(text: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < text.length && count <= limit; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 1;
    count += 1;
  }
  return count;
}
