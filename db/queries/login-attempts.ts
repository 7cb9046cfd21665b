import { eq, inArray, lt } from "drizzle-orm";
import { loginAttempts } from "../schema";
import type { Db } from "../index";
import { blockedUntilAfterFailure, type ThrottlePolicy } from "@/lib/auth/login-throttle";

export type ThrottleKey = { key: string; policy: ThrottlePolicy };

/** The latest time among the keys before which a sign-in attempt is refused without checking the password (0: none). */
export function signInBlockedUntil({ db, keys, now }: { db: Db; keys: ThrottleKey[]; now: Date }): number {
  if (keys.length === 0) return 0;
  const rows = db
    .select()
    .from(loginAttempts)
    .where(inArray(loginAttempts.key, keys.map((k) => k.key)))
    .all();
  let until = 0;
  for (const row of rows) {
    const policy = keys.find((k) => k.key === row.key)!.policy;
    if (now.getTime() - row.lastFailureAt.getTime() > policy.forgetAfterMs) continue;
    until = Math.max(until, row.blockedUntil.getTime());
  }
  return until > now.getTime() ? until : 0;
}

/** Counts one failed sign-in against every key, in one transaction, and drops counts long forgotten so the table stays small. */
export function recordSignInFailure({ db, keys, now }: { db: Db; keys: ThrottleKey[]; now: Date }): void {
  const forgetAfterMs = Math.max(0, ...keys.map((k) => k.policy.forgetAfterMs));
  db.transaction((tx) => {
    tx.delete(loginAttempts).where(lt(loginAttempts.lastFailureAt, new Date(now.getTime() - forgetAfterMs))).run();
    for (const { key, policy } of keys) {
      const row = tx.select().from(loginAttempts).where(eq(loginAttempts.key, key)).get();
      const stale = !row || now.getTime() - row.lastFailureAt.getTime() > policy.forgetAfterMs;
      const failures = stale ? 1 : row.failures + 1;
      const blockedUntil = new Date(blockedUntilAfterFailure(policy, failures, now.getTime()));
      tx.insert(loginAttempts)
        .values({ key, failures, lastFailureAt: now, blockedUntil })
        .onConflictDoUpdate({ target: loginAttempts.key, set: { failures, lastFailureAt: now, blockedUntil } })
        .run();
    }
  });
}

/** A successful sign-in clears its account's count (not its address's, which other accounts share). */
export function clearSignInFailures({ db, key }: { db: Db; key: string }): void {
  db.delete(loginAttempts).where(eq(loginAttempts.key, key)).run();
}


/** Failures counted against a key (0 when none), for operators and tests. */
export function signInFailureCount({ db, key }: { db: Db; key: string }): number {
  return db.select({ failures: loginAttempts.failures }).from(loginAttempts).where(eq(loginAttempts.key, key)).get()?.failures ?? 0;
}
