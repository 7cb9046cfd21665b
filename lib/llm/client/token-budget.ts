import "server-only";

/**
 * A run's token budget. Before a request starts it reserves its worst case (estimated prompt
 * tokens + max_tokens); when it ends the reservation is replaced by the tokens actually used. No
 * request starts if used + reserved + its own estimate would exceed the budget, so a run stops
 * short of the budget rather than past it, as long as the prompt estimate is not too low.
 */

export interface BudgetReservation {
  readonly estimate: number;
  settled: boolean;
}

export class TokenBudget {
  /** Null means unlimited: usage is still counted. */
  readonly limit: number | null;
  private usedTokens = 0;
  private reservedTokens = 0;

  constructor(limit: number | null) {
    if (limit !== null && !(limit > 0)) throw new RangeError(`token budget must be positive or null, got ${limit}`);
    this.limit = limit;
  }

  get used(): number {
    return this.usedTokens;
  }

  get reserved(): number {
    return this.reservedTokens;
  }

  /** Returns null when the request would not fit: the run should stop dispatching. */
  tryReserve(estimate: number): BudgetReservation | null {
    if (this.limit !== null && this.usedTokens + this.reservedTokens + estimate > this.limit) return null;
    this.reservedTokens += estimate;
    return { estimate, settled: false };
  }

  /** Replaces the reservation with what the request cost (0 when it failed before the model ran). */
  settle(reservation: BudgetReservation, actualTokens: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reservedTokens -= reservation.estimate;
    this.usedTokens += actualTokens;
  }
}

/**
 * Estimates prompt tokens without a tokenizer. It starts at 1 token per 2 characters, which
 * over-counts English (about 4 characters per token) but not by much for CJK text, then learns the
 * highest ratio the server has reported so far: over-estimating only stops a run a little early.
 */
export class PromptTokenEstimator {
  private tokensPerChar = 0.5;
  private calibrated = false;

  estimate(promptChars: number): number {
    return Math.ceil(promptChars * this.tokensPerChar);
  }

  observe(promptChars: number, promptTokens: number): void {
    if (promptChars <= 0) return;
    const ratio = promptTokens / promptChars;
    this.tokensPerChar = this.calibrated ? Math.max(this.tokensPerChar, ratio) : ratio;
    this.calibrated = true;
  }
}
