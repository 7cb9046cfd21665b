import { sha256HexOfText } from "@/lib/import/sha256";

// Every character below U+0300 is unchanged by NFC and never combines with a neighbour, so texts
// made only of those (most of them) skip the normaliser, the costliest step after the hash itself.
const MAY_CHANGE_UNDER_NFC = /[^\u0000-\u02ff]/;

/**
 * The content hash of an item's text: SHA-256 (hex) of its UTF-8 bytes after Unicode NFC
 * normalisation and trimming, so the same text typed on two systems or with a trailing newline
 * hashes the same. Used to find repeated items and to derive ids.
 */
export function itemContentHash(text: string): string {
  const normalized = MAY_CHANGE_UNDER_NFC.test(text) ? text.normalize("NFC") : text;
  return sha256HexOfText(normalized.trim());
}

/** Hex digits of the hash kept in a derived id: 64 bits, so two of a million distinct texts share one with odds of about 1 in 37 million. */
const DERIVED_ID_HEX_DIGITS = 16;

/**
 * The id of an item imported without one: "sha256-" and the first 16 hex digits of its content
 * hash. The n-th repeat (n ≥ 2) of the same text in a file gets "-n" appended, so every row stays
 * an item and re-importing the same file yields the same ids.
 */
export function derivedItemId(contentHash: string, occurrence = 1): string {
  const base = `sha256-${contentHash.slice(0, DERIVED_ID_HEX_DIGITS)}`;
  return occurrence > 1 ? `${base}-${occurrence}` : base;
}
