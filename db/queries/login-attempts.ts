import "server-only";
import { eq, inArray, lt } from "drizzle-orm";
import { loginAttempts } from "../schema";
import type { Db } from "../index";
import { blockedUntilAfterFailure, type ThrottlePolicy } from "@/lib/auth/login-throttle";

export type ThrottleKey = { key: string; policy: ThrottlePolicy };

/** The latest time among the keys before which a sign-in attempt is refused without checking the password (0: none). */
export async function signInBlockedUntil({ db, keys, now }: { db: Db; keys: ThrottleKey[]; now: Date }): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db
    .select()
    .from(loginAttempts)
    .where(
      inArray(
        loginAttempts.key,
        keys.map((k) => k.key),
      ),
    );
  let until = 0;
  for (const row of rows) {
    const policy = keys.find((k) => k.key === row.key)!.policy;
    if (now.getTime() - row.lastFailureAt.getTime() > policy.forgetAfterMs) continue;
    until = Math.max(until, row.blockedUntil.getTime());
  }
  return until > now.getTime() ? until : 0;
}

/** Counts one failed sign-in against every key, in one transaction, and drops counts long forgotten so the table stays small. */
export async function recordSignInFailure({ db, keys, now }: { db: Db; keys: ThrottleKey[]; now: Date }): Promise<void> {
  const forgetAfterMs = Math.max(0, ...keys.map((k) => k.policy.forgetAfterMs));
  await db.transaction(async (tx) => {
    await tx.delete(loginAttempts).where(lt(loginAttempts.lastFailureAt, new Date(now.getTime() - forgetAfterMs)));
    for (const { key, policy } of keys) {
      const row = (await tx.select().from(loginAttempts).where(eq(loginAttempts.key, key)).limit(1))[0];
      const stale = !row || now.getTime() - row.lastFailureAt.getTime() > policy.forgetAfterMs;
      const failures = stale ? 1 : row.failures + 1;
      const blockedUntil = new Date(blockedUntilAfterFailure(policy, failures, now.getTime()));
      await tx
        .insert(loginAttempts)
        .values({ key, failures, lastFailureAt: now, blockedUntil })
        .onConflictDoUpdate({ target: loginAttempts.key, set: { failures, lastFailureAt: now, blockedUntil } });
    }
  });
}

/** A successful sign-in clears its account's count (not its address's, which other accounts share). */
export async function clearSignInFailures({ db, key }: { db: Db; key: string }): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

/** Failures counted against a key (0 when none), for operators and tests. */
export async function signInFailureCount({ db, key }: { db: Db; key: string }): Promise<number> {
  return (await db.select({ failures: loginAttempts.failures }).from(loginAttempts).where(eq(loginAttempts.key, key)).limit(1))[0]?.failures ?? 0;
}
