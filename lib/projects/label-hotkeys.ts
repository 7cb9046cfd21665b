// Which keys a label may take on the annotate page: digits 1-9 and letters a-z, except the
// letters the page already uses for its own commands (components/annotate/annotate-keys.ts reads
// COMMAND_KEYS from here, so the two cannot drift apart).

/** Letters the annotate page binds to commands, with what each does (for the refusal message). */
export const COMMAND_KEYS: Readonly<Record<string, string>> = {
  n: "not sure",
  s: "skip",
  u: "undo",
  c: "note",
  g: "guidelines",
  a: "accept the suggestion",
  x: "reject the suggestion",
  r: "show the rationale",
};

export function isLabelHotkeyShape(key: string): boolean {
  return /^[1-9a-z]$/.test(key);
}

/** Why `key` cannot be a label's hotkey, or null when it can (uniqueness is checked elsewhere). */
export function hotkeyRefusal(key: string): string | null {
  if (!isLabelHotkeyShape(key)) return `Hotkey "${key}" is not a digit 1-9 or a lowercase letter a-z.`;
  const command = COMMAND_KEYS[key];
  if (command) return `Hotkey "${key}" is taken by the annotate page (${command}): choose another key.`;
  return null;
}
