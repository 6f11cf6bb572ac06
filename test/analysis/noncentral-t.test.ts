import { describe, expect, test } from "vitest";
import NCT from "../fixtures/nct.json";
import { noncentralTCdf, standardizedDifference } from "../../src/analysis/index.js";
import { noncentralTCdfByQuadrature } from "../../src/analysis/noncentral-t.js";
import { expectClose } from "../helpers/close.js";

// Expected values: scripts/reference/nct.py, an independent scipy.integrate.quad integration over
// the normal variable (cdf, upper), SciPy's Boost implementation (boostCdf, boostUpper) and, for
// some cases, a 25-digit mpmath integration. None of them is produced by the code under test.

const label = (c: { t: number; df: number; ncp: number }) => `t=${c.t} df=${c.df} ncp=${c.ncp}`;
const cases = NCT.cases.map((c) => [label(c), c] as const);

/** Absolute 1e-12 (the accuracy AS 243 guarantees), and 1e-8 relative for tails in (1e-20, 1e-3). */
function expectTail(actual: number, expected: number, what: string) {
  expectClose(actual, expected, 0, 1e-12, what);
  if (expected > 1e-20 && expected < 1e-3) expectClose(actual, expected, 1e-8, 0, `${what} (relative)`);
}

describe("noncentral t CDF against numerical integration and Boost", () => {
  test.each(cases)("%s", (_l, c) => {
    const lower = noncentralTCdf(c.t, c.df, c.ncp);
    const upper = noncentralTCdf(c.t, c.df, c.ncp, false);
    expectTail(lower, c.cdf, "lower tail vs quad");
    expectTail(upper, c.upper, "upper tail vs quad");
    if (c.boostCdf !== null) expectClose(lower, c.boostCdf, 0, 2e-12, "lower tail vs Boost");
    if (c.boostUpper !== null) expectClose(upper, c.boostUpper, 0, 2e-12, "upper tail vs Boost");
  });

  test.each(cases)("the quadrature alone, %s", (_l, c) => {
    expectTail(noncentralTCdfByQuadrature(c.t, c.df, c.ncp), c.cdf, "lower");
    expectTail(noncentralTCdfByQuadrature(c.t, c.df, c.ncp, false), c.upper, "upper");
  });

  test("the reproduction: pt(51.4768, 5, 49.1284) is 0.47280, not R's 0.49448", () => {
    const value = noncentralTCdf(51.4768, 5, 49.1284);
    expectClose(value, NCT.cases[0]!.cdf, 0, 1e-13);
    expectClose(value, NCT.cases[0]!.mpmathCdf!, 0, 1e-13);
    expect(Math.abs(value - 0.49448)).toBeGreaterThan(0.02);
  });

  test("continuous across the switch from the series to quadrature at |ncp| = 37.62", () => {
    const edge = Math.sqrt(2 * Math.LN2 * 1021);
    for (const df of [3, 40, 900]) {
      for (const t of [30, 37.6, 45]) {
        const below = noncentralTCdf(t, df, edge - 1e-14);
        const above = noncentralTCdf(t, df, edge + 1e-14);
        expect(Math.abs(below - above), `df=${df} t=${t}`).toBeLessThan(2e-12);
      }
    }
  });

  test("edge arguments", () => {
    expect(noncentralTCdf(Number.POSITIVE_INFINITY, 5, 40)).toBe(1);
    expect(noncentralTCdf(Number.NEGATIVE_INFINITY, 5, 40)).toBe(0);
    expect(noncentralTCdf(1, 0, 40)).toBeNaN();
    expect(noncentralTCdf(1, 5, Number.NaN)).toBeNaN();
    // df = ∞ is the normal distribution shifted by ncp.
    expectClose(noncentralTCdf(41, Number.POSITIVE_INFINITY, 40), 0.8413447460685429, 1e-15, 0);
  });
});

describe("noncentral-t interval for Cohen's d with a large effect", () => {
  test.each(NCT.effectSizeIntervals.map((c) => [`d=${c.d} n=${c.n1}/${c.n2} ${c.confLevel * 100}%`, c] as const))("%s", (_l, c) => {
    // Unit SDs make d exactly the difference in means.
    const e = standardizedDifference({ mean: c.d, sd: 1, n: c.n1 }, { mean: 0, sd: 1, n: c.n2 }, { ci: "noncentral-t", confLevel: c.confLevel })!;
    expectClose(e.d, c.d, 1e-15, 0);
    expectClose(e.ciLower, c.ciLower, 0, 1e-9, "lower limit");
    expectClose(e.ciUpper, c.ciUpper, 0, 1e-9, "upper limit");
  });

  test("regression: the 99% upper limit for d = 4.45 (n 113/136) is 5.0623, where R's pt gives 5.0566", () => {
    const c = NCT.effectSizeIntervals[0]!;
    const e = standardizedDifference({ mean: 4.45, sd: 1, n: 113 }, { mean: 0, sd: 1, n: 136 }, { ci: "noncentral-t", confLevel: 0.99 })!;
    expectClose(e.ciUpper, 5.062332037725809, 0, 1e-9);
    expect(Math.abs(e.ciUpper - c.rLimits![1]!)).toBeGreaterThan(5e-3);
    // The lower limit (ncp below 37.62) is where R is accurate: agreement to R's printed digits.
    expectClose(e.ciLower, c.rLimits![0]!, 0, 1e-9);
  });
});
