import "server-only";

/**
 * The part of an item's text that goes to the sentence encoder. all-MiniLM-L6-v2 reads at most 512
 * word pieces (the tokenizer cuts the rest) and English text runs about four characters per piece,
 * so 4,000 characters keep what the encoder can see, while a 100 kB item is not shipped to a
 * browser and tokenised only to be cut. The browser and the CLI send the same prefix, so an item
 * gets the same embedding wherever it is computed.
 */
export const EMBEDDING_TEXT_CHARS = 4_000;

export function textForEmbedding(text: string): string {
  if (text.length <= EMBEDDING_TEXT_CHARS) return text;
  const cut = text.slice(0, EMBEDDING_TEXT_CHARS);
  // Never end on half of a surrogate pair.
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
