import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * API keys at rest: AES-256-GCM under a key derived from GOLDSET_SECRET with HKDF-SHA256.
 * HKDF (not scrypt) because GOLDSET_SECRET is a generated random secret, not a password: it needs
 * no stretching, and deriving stays cheap on every decrypt. The format is versioned,
 * `v1:base64(iv | tag | ciphertext)`, so the scheme can change without guessing at old values.
 * Callers may bind a ciphertext to its owner (e.g. the project id) as `context`; it is checked as
 * GCM associated data, so a key copied onto another project's row does not decrypt.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HKDF_SALT = "goldset/secret-box";
const HKDF_INFO = "goldset/llm-api-key/v1";
/** 32 characters of random base64 or hex carry well over 128 bits. */
export const MIN_MASTER_SECRET_LENGTH = 32;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

function deriveKey(masterSecret: string): Buffer {
  if (masterSecret.length < MIN_MASTER_SECRET_LENGTH) {
    throw new SecretBoxError(
      `GOLDSET_SECRET must be at least ${MIN_MASTER_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return Buffer.from(hkdfSync("sha256", masterSecret, HKDF_SALT, HKDF_INFO, KEY_BYTES));
}

export function encryptSecret(plaintext: string, masterSecret: string, context = ""): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(masterSecret), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
}

/** Throws SecretBoxError when the value is malformed, tampered with, or sealed under another secret or context. */
export function decryptSecret(sealed: string, masterSecret: string, context = ""): string {
  const separator = sealed.indexOf(":");
  const version = separator < 0 ? "" : sealed.slice(0, separator);
  if (version !== VERSION) {
    throw new SecretBoxError(`Unknown secret format ${JSON.stringify(version)}; expected "${VERSION}:…". Re-enter the API key.`);
  }
  const bytes = Buffer.from(sealed.slice(separator + 1), "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("The stored secret is truncated. Re-enter the API key.");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(masterSecret), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "The stored secret does not decrypt: it was altered, or GOLDSET_SECRET changed since it was saved. Re-enter the API key.",
    );
  }
}

/**
 * For display: the key's conventional prefix and last four characters (`sk-…abcd`), enough to tell
 * keys apart. Short keys show no tail, since four characters would be much of the key.
 */
export function maskSecret(secret: string): string {
  const prefix = /^[A-Za-z]{2,4}-/.exec(secret)?.[0] ?? "";
  if (secret.length < 16) return `${prefix}…`;
  return `${prefix}…${secret.slice(-4)}`;
}
