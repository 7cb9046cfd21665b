import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "./lbfgs";

describe("minimizeLbfgs", () => {
  it("finds the minimum of a convex quadratic: f = sum_i (i + 1) (x_i - i)^2 at x_i = i", () => {
    const result = minimizeLbfgs(
      (x, gradient) => {
        let value = 0;
        for (let i = 0; i < x.length; i++) {
          const d = (x[i] as number) - i;
          value += (i + 1) * d * d;
          gradient[i] = 2 * (i + 1) * d;
        }
        return value;
      },
      new Float64Array(6),
      { gradientTolerance: 1e-9 },
    );
    expect(result.converged).toBe(true);
    result.x.forEach((value, i) => expect(value).toBeCloseTo(i, 6));
  });

  it("finds the Rosenbrock minimum (1, 1) from the classic start (-1.2, 1)", () => {
    const result = minimizeLbfgs(
      (x, gradient) => {
        const a = x[0] as number;
        const b = x[1] as number;
        gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        gradient[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { maxIterations: 500, gradientTolerance: 1e-8, relativeTolerance: 0 },
    );
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it("stops at once when the start is already optimal", () => {
    const result = minimizeLbfgs((x, gradient) => {
      gradient[0] = 2 * (x[0] as number);
      return (x[0] as number) ** 2;
    }, Float64Array.of(0));
    expect(result.iterations).toBe(0);
    expect(result.converged).toBe(true);
  });
});
