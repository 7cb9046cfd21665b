import { describe, expect, it } from "vitest";
import { PromptTokenEstimator, TokenBudget } from "./token-budget";

describe("TokenBudget", () => {
  it("refuses a request once used + reserved + its estimate would exceed the limit", () => {
    const budget = new TokenBudget(1_000);
    const first = budget.tryReserve(400);
    const second = budget.tryReserve(400);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(budget.tryReserve(201)).toBeNull();
    expect(budget.tryReserve(200)).not.toBeNull();
  });

  it("replaces a reservation by the actual usage, once", () => {
    const budget = new TokenBudget(1_000);
    const reservation = budget.tryReserve(600);
    if (reservation === null) throw new Error("expected a reservation");
    budget.settle(reservation, 250);
    budget.settle(reservation, 250);
    expect(budget.used).toBe(250);
    expect(budget.reserved).toBe(0);
    expect(budget.tryReserve(750)).not.toBeNull();
  });

  it("counts usage without a limit", () => {
    const budget = new TokenBudget(null);
    const reservation = budget.tryReserve(10_000_000);
    if (reservation === null) throw new Error("expected a reservation");
    budget.settle(reservation, 42);
    expect(budget.used).toBe(42);
  });
});

describe("PromptTokenEstimator", () => {
  it("starts conservative, then follows the highest ratio the server reported", () => {
    const estimator = new PromptTokenEstimator();
    expect(estimator.estimate(1_000)).toBe(500);
    estimator.observe(1_000, 250);
    expect(estimator.estimate(1_000)).toBe(250);
    estimator.observe(1_000, 300);
    estimator.observe(1_000, 200);
    expect(estimator.estimate(1_000)).toBe(300);
  });
});
