// How failed sign-ins slow an attacker down: a few free tries, then a delay that doubles with each
// failure, then a temporary lock. Counted per account and per client address (an IPv6 /64 being
// one address, see address-block.ts); a count is forgotten after `forgetAfterMs` without failures.
// Pure: the counts live in db/queries/login-attempts.ts.
import { addressBlock } from "./address-block";

export type ThrottlePolicy = {
  /** Failures that carry no delay. */
  freeFailures: number;
  /** The delay after the first failure past the free ones; each further failure doubles it. */
  baseDelayMs: number;
  /** From this many failures on, the key is locked for `lockMs` after each failure. */
  lockAfter: number;
  lockMs: number;
  forgetAfterMs: number;
};

const MINUTE = 60_000;

export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 1_000, lockAfter: 10, lockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };

// Looser: people behind one office NAT share an address.
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 10, baseDelayMs: 1_000, lockAfter: 50, lockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };

/** When the next attempt may be made, after the `failures`-th failure at `now` (ms since the epoch). */
export function blockedUntilAfterFailure(policy: ThrottlePolicy, failures: number, now: number): number {
  if (failures >= policy.lockAfter) return now + policy.lockMs;
  if (failures <= policy.freeFailures) return now;
  return now + policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1);
}

export function accountThrottleKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressThrottleKey(address: string): string {
  return `address:${addressBlock(address)}`;
}

export function throttleMessage(blockedUntil: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((blockedUntil - now) / 1000));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `Too many failed sign-ins: try again in ${wait}.`;
}
