import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openSecondConnection, openTestDatabase } from "@/db/test-database";
import { createUser, setUserActive } from "@/db/queries/users";
import { hashPassword } from "./password";
import { signInWithPassword, type SignInResult } from "./sign-in";

const reasonOf = (result: SignInResult) => (result.ok ? "ok" : result.reason);

let db: Db;
let close: () => Promise<void>;
const T0 = new Date("2026-01-01T00:00:00Z").getTime();
const at = (ms: number) => new Date(T0 + ms);

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  await createUser({ db, email: "ann@example.org", name: "Ann", passwordHash: await hashPassword("ann's passphrase") });
});
afterEach(() => close());

async function attempt(password: string, ms: number, email = "ann@example.org", address: string | null = "10.0.0.1") {
  return signInWithPassword({ db, email, password, address, now: at(ms) });
}

describe("signInWithPassword", () => {
  it("lets 4 of 200 instant wrong guesses reach the password check, then doubles the wait, and holds it for the right password too", async () => {
    const reasons = [];
    for (let i = 0; i < 200; i += 1) reasons.push(reasonOf(await attempt(`guess ${i}`, 0)));
    expect(reasons.filter((r) => r === "wrong_credentials")).toHaveLength(4);
    expect(reasons.slice(0, 4)).toEqual(["wrong_credentials", "wrong_credentials", "wrong_credentials", "wrong_credentials"]);
    expect(reasons.slice(4).every((r) => r === "throttled")).toBe(true);
    expect(await attempt("ann's passphrase", 999)).toMatchObject({
      ok: false,
      reason: "throttled",
      message: "Too many failed sign-ins: try again in 1 second.",
    });
    // The 5th failure at 1 s blocks until 3 s.
    expect(reasonOf(await attempt("guess", 1_000))).toBe("wrong_credentials");
    expect(reasonOf(await attempt("ann's passphrase", 2_999))).toBe("throttled");
    const ok = await attempt("ann's passphrase", 3_000);
    expect(ok.ok).toBe(true);
    // A success clears the account's count: the next wrong guess is free again.
    expect(reasonOf(await attempt("guess", 3_000))).toBe("wrong_credentials");
    expect(reasonOf(await attempt("guess", 3_000))).toBe("wrong_credentials");
  });

  it("lets 4 of 200 parallel wrong guesses reach the password check, as if they came one by one", async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(`guess ${i}`, 0)));
    const reasons = results.map(reasonOf);
    expect(reasons.filter((r) => r === "wrong_credentials")).toHaveLength(4);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(196);
  });

  it("locks an account for 15 minutes after 10 failures, across a restart of the app", async () => {
    const delays = [0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000];
    let t = 0;
    for (const delay of delays) {
      t += delay;
      expect(reasonOf(await attempt("guess", t))).toBe("wrong_credentials");
    }
    // t = 63 s: the 10th failure locked the account until 63 s + 15 min.
    const first = db;
    db = await openSecondConnection(first);
    try {
      expect(await attempt("ann's passphrase", t + 14 * 60_000)).toMatchObject({
        reason: "throttled",
        message: "Too many failed sign-ins: try again in 60 seconds.",
      });
      expect((await attempt("ann's passphrase", t + 15 * 60_000)).ok).toBe(true);
    } finally {
      await db.$close();
      db = first;
    }
  });

  it("throttles an unknown email exactly like a known one, so the throttle does not reveal accounts", async () => {
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i += 1) known.push(reasonOf(await attempt("guess", 0, "ann@example.org", null)));
    for (let i = 0; i < 6; i += 1) unknown.push(reasonOf(await attempt("guess", 0, "nobody@example.org", null)));
    expect(unknown).toEqual(known);
    expect(unknown).toEqual(["wrong_credentials", "wrong_credentials", "wrong_credentials", "wrong_credentials", "throttled", "throttled"]);
  });

  it("throttles one address guessing across many accounts after its 11th failure", async () => {
    const reasons = [];
    for (let i = 0; i < 12; i += 1) reasons.push(reasonOf(await attempt("guess", 0, `user${i}@example.org`, "10.0.0.9")));
    expect(reasons.slice(0, 11).every((r) => r === "wrong_credentials")).toBe(true);
    expect(reasons[11]).toBe("throttled");
    // Another address is not held back by it.
    expect((await attempt("ann's passphrase", 0, "ann@example.org", "10.0.0.10")).ok).toBe(true);
    // The blocked address is, even with the right password, until its delay has passed.
    expect(reasonOf(await attempt("ann's passphrase", 999, "ann@example.org", "10.0.0.9"))).toBe("throttled");
    expect((await attempt("ann's passphrase", 1_000, "ann@example.org", "10.0.0.9")).ok).toBe(true);
  });

  it("throttles a whole IPv6 /64 as one address, and an IPv4-mapped address as its IPv4 address", async () => {
    const reasons = [];
    // Each guess from a fresh address in 2001:db8:1:2::/64, at another account each time.
    for (let i = 1; i <= 12; i += 1) reasons.push(reasonOf(await attempt("guess", 0, `user${i}@example.org`, `2001:db8:1:2:${i.toString(16)}::${i}`)));
    expect(reasons.slice(0, 11).every((r) => r === "wrong_credentials")).toBe(true);
    expect(reasons[11]).toBe("throttled");
    expect(reasonOf(await attempt("ann's passphrase", 0, "ann@example.org", "2001:0db8:0001:0002:ffff:ffff:ffff:ffff"))).toBe("throttled");
    // The next /64 is another address.
    expect((await attempt("ann's passphrase", 0, "ann@example.org", "2001:db8:1:3::1")).ok).toBe(true);

    for (let i = 1; i <= 11; i += 1) await attempt("guess", 0, `other${i}@example.org`, i % 2 === 0 ? "10.0.0.9" : "::ffff:10.0.0.9");
    expect(reasonOf(await attempt("ann's passphrase", 0, "ann@example.org", "::ffff:a00:9"))).toBe("throttled");
    expect(reasonOf(await attempt("ann's passphrase", 0, "ann@example.org", "10.0.0.9"))).toBe("throttled");
  });

  it("refuses a deactivated account with the right password, and lets it in again once reactivated", async () => {
    const user = (await attempt("ann's passphrase", 0)) as { ok: true; user: { id: string } };
    await setUserActive({ db, userId: user.user.id, active: false, actorId: null });
    expect(await attempt("ann's passphrase", 0)).toMatchObject({ ok: false, reason: "deactivated", message: "This account is deactivated: ask a site admin." });
    expect(reasonOf(await attempt("wrong", 0))).toBe("wrong_credentials");
    await setUserActive({ db, userId: user.user.id, active: true, actorId: null });
    expect((await attempt("ann's passphrase", 0)).ok).toBe(true);
  });
});
