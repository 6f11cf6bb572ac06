import { describe, expect, test } from "vitest";
import loo from "../fixtures/psis-loo.json";
import { fitGeneralizedPareto, paretoSmoothedWeights } from "../../src/analysis/psis.js";
import { expectClose } from "../helpers/close.js";

// Expected values: the R package loo 2.5.1, loo::psis(log_ratios, r_eff = 1) and loo:::gpdfit
// (test/fixtures/psis-loo.R). Tolerances: every weight and the effective sample size 1e-10
// relative, k-hat and the fit's shape 1e-12 absolute (k-hat can be near 0), the fit's scale 1e-10
// relative. Agreement is about 1e-13 (the largest: 1e-13 relative on the weights of the case with
// log ratios near 700, whose log weights loo shifts back by the maximum before normalizing).
// Where loo fits no shape it reports k-hat Inf; paretoSmoothedWeights reports null.

type Case = (typeof loo.cases)[number];
const cases = loo.cases.map((c) => [c.name, c] as const);

/** The largest relative difference between two arrays of positive numbers, and where it is. */
function largestRelativeDifference(actual: ArrayLike<number>, expected: readonly number[]): { index: number; difference: number } {
  let worst = { index: -1, difference: 0 };
  expected.forEach((e, i) => {
    const difference = Math.abs(actual[i]! - e) / e;
    if (!(difference <= worst.difference)) worst = { index: i, difference };
  });
  return worst;
}

function expectedParetoK(c: Case): number | null {
  return c.paretoK === "Infinity" ? null : (c.paretoK as number);
}

describe("Pareto-smoothed importance sampling against loo::psis (loo 2.5.1, r_eff = 1)", () => {
  test("the fixture is loo 2.5.1's, with fitted and unfitted cases", () => {
    expect(loo.loo).toBe("2.5.1");
    expect(loo.cases.filter((c) => c.paretoK === "Infinity").map((c) => c.name)).toEqual(["too-short-20", "constant-top-block", "ties-at-cutoff", "all-equal"]);
    expect(Math.max(...loo.cases.map((c) => c.draws))).toBe(4000);
  });

  test.each(cases)("%s: k-hat, every normalized weight, effective sample size", (_name, c) => {
    const result = paretoSmoothedWeights(c.logRatios);
    const k = expectedParetoK(c);
    if (k === null) expect(result.paretoK).toBeNull();
    else expectClose(result.paretoK, k, 0, 1e-12, "k-hat");
    expect(result.weights).toHaveLength(c.draws);
    const worst = largestRelativeDifference(result.weights, c.weights);
    expect(worst.difference, `weight ${worst.index}: ${result.weights[worst.index]} vs ${c.weights[worst.index]}`).toBeLessThanOrEqual(1e-10);
    expectClose(result.ess, c.nEff, 1e-10, 0, "effective sample size");
  });

  test.each(loo.gpdfit.map((g) => [g.name, g] as const))("generalized Pareto fit %s: shape and scale as loo:::gpdfit", (_name, g) => {
    const fit = fitGeneralizedPareto(g.x);
    expectClose(fit.k, g.k, 0, 1e-12, "k");
    expectClose(fit.sigma, g.sigma, 1e-10, 0, "sigma");
  });
});
