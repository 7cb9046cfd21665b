// Argon2id (OWASP's first choice for password storage) through a vetted native binding.
import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { GoldsetError } from "@/lib/errors";
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

/** Why a new password is refused, as a sentence, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password too short: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password too long: use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "Password is one of the most common passwords: choose another.";
  if (email) {
    const address = email.trim().toLowerCase();
    if (lower === address || lower === address.split("@")[0]) return "Password must not be your email address.";
  }
  return null;
}

/** Hashes a new password after checking the rules; a refused password is a bad request on field "password". */
export async function hashPassword(password: string, email?: string): Promise<string> {
  const problem = passwordProblem(password, email);
  if (problem) throw new GoldsetError("bad_request", problem, [{ field: "password", message: `password: ${problem}` }]);
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// The hash of a random string nobody kept, with the library's default parameters (the same ones
// hashPassword uses). Sign-in verifies against it when the email is unknown, so an unknown email
// costs one argon2 verification like a known one, and response times do not tell them apart.
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$emolStMyW6LOzwVMsG3Xcw$UHp187zSrkN3PXV+gMvYD+GOVAplJEkqhy0tDEwNCms";
