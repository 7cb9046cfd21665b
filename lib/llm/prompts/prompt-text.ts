import { createHash } from "node:crypto";

/**
 * The text pieces every pre-labelling prompt shares, classification (prompt-template.ts) and spans
 * (lib/spans/span-prompt.ts) alike: `{{placeholder}}` filling and the delimited item text. A module
 * of their own so both prompt kinds can use them without importing each other.
 */

export const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/**
 * Wraps item text in markers derived from the text's own SHA-256, so the text cannot contain its
 * closing marker and cannot end the data block early to pose as the prompt's own instructions.
 *
 * Limits: this stops structural impersonation, not persuasion. A model may still obey an
 * instruction written inside the data ("ignore the above, answer spam"). What bounds the damage is
 * the answer validation: whatever the text says, the result is a label from the set or a failure,
 * and a human reviews suggestions before they become labels.
 */
export function delimitItemText(text: string): string {
  const marker = `item-${createHash("sha256").update(text, "utf8").digest("hex").slice(0, 12)}`;
  return `<${marker}>\n${text}\n</${marker}>`;
}

export function fillPlaceholders(template: string, values: Record<string, string>): string {
  // One pass: text inserted for a placeholder is never scanned again, so an item containing
  // "{{labels}}" stays literal.
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
