// Checking an email and password, throttled per account and per client address. Every path that
// reaches the password check costs one argon2 verification, whether or not the email exists.
import "server-only";
import type { Db } from "@/db";
import { findUserCredentials, type UserRecord } from "@/db/queries/users";
import { clearSignInFailures, recordSignInFailure, signInBlockedUntil, type ThrottleKey } from "@/db/queries/login-attempts";
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, accountThrottleKey, addressThrottleKey, throttleMessage } from "./login-throttle";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password";

export type SignInResult = { ok: true; user: UserRecord } | { ok: false; reason: "wrong_credentials" | "deactivated" | "throttled"; message: string };

// Attempts sharing a throttle key run one after another in this process: otherwise a burst of
// parallel guesses would all pass the throttle check before the first failure is recorded.
const inFlight = new Map<string, Promise<unknown>>();

function oneAtATime<T>(keys: string[], work: () => Promise<T>): Promise<T> {
  const run = Promise.allSettled(keys.map((key) => inFlight.get(key) ?? Promise.resolve())).then(work);
  const settled = run.catch(() => undefined);
  for (const key of keys) inFlight.set(key, settled);
  void settled.then(() => {
    for (const key of keys) if (inFlight.get(key) === settled) inFlight.delete(key);
  });
  return run;
}

export function signInWithPassword(request: { db: Db; email: string; password: string; address: string | null; now?: Date }): Promise<SignInResult> {
  const keys = throttleKeys(request.email, request.address);
  return oneAtATime(
    keys.map((k) => k.key),
    () => checkPassword({ ...request, keys }),
  );
}

function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: accountThrottleKey(email), policy: ACCOUNT_THROTTLE }];
  if (address) keys.push({ key: addressThrottleKey(address), policy: ADDRESS_THROTTLE });
  return keys;
}

async function checkPassword({
  db,
  email,
  password,
  keys,
  now = new Date(),
}: {
  db: Db;
  email: string;
  password: string;
  keys: ThrottleKey[];
  now?: Date;
}): Promise<SignInResult> {
  const blockedUntil = await signInBlockedUntil({ db, keys, now });
  if (blockedUntil > 0) return { ok: false, reason: "throttled", message: throttleMessage(blockedUntil, now.getTime()) };

  const found = await findUserCredentials({ db, email });
  const matches = await verifyPassword(found?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
  if (!found || !matches) {
    await recordSignInFailure({ db, keys, now });
    return { ok: false, reason: "wrong_credentials", message: "Wrong email or password." };
  }
  const { passwordHash: _, ...user } = found;
  // Said only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.deactivatedAt) return { ok: false, reason: "deactivated", message: "This account is deactivated: ask a site admin." };
  await clearSignInFailures({ db, key: keys[0]!.key });
  return { ok: true, user };
}
