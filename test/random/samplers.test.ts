import { describe, expect, test } from "vitest";
import fixture from "../fixtures/distributions.json";
import {
  bernoulli, beta, binomial, categorical, exponential, gamma, logNormal, normal, shuffleInPlace, standardNormal,
  streamFromSeed, truncatedNormal, uniform, weibull, ValidationError, type Sampler,
} from "../../src/engine.js";
import { betaQuantile, betaRegularized, gammaQuantile, normalCdf } from "../../src/math/distributions.js";
import { expectMoments, ksStatistic, KS_CRITICAL_0_001 } from "../helpers/stats.js";

const N = 200_000;
function sample(sampler: Sampler, key: string, n = N): Float64Array {
  const rng = streamFromSeed(20261122, ["sampler-test", key]);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampler(rng);
  return out;
}
const num = (v: number | string) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v));

describe("moments match closed forms within 5 standard errors", () => {
  test("standard normal (ziggurat)", () => expectMoments(sample(standardNormal, "z"), 0, 1));
  test("normal(3, 2)", () => expectMoments(sample(normal(3, 2), "n"), 3, 4));
  test("log-normal(0.5, 0.4)", () => {
    const s2 = 0.4 ** 2;
    expectMoments(sample(logNormal(0.5, 0.4), "ln"), Math.exp(0.5 + s2 / 2), (Math.exp(s2) - 1) * Math.exp(1 + s2));
  });
  test.each(fixture.truncatedNormal)("truncated normal($mean, $sd) on [$lower, $upper] (moments from R)", (c) => {
    const xs = sample(truncatedNormal(c.mean, c.sd, num(c.lower), num(c.upper)), `tn${c.mean}${c.lower}`);
    expectMoments(xs, c.truncMean, c.truncVar);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of xs) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(lo).toBeGreaterThanOrEqual(num(c.lower));
    expect(hi).toBeLessThanOrEqual(num(c.upper));
  });
  test("exponential(0.25)", () => expectMoments(sample(exponential(0.25), "e"), 4, 16));
  test("Weibull(1.5, 2) (moments from R)", () => expectMoments(sample(weibull(1.5, 2), "w"), fixture.weibull.mean, fixture.weibull.var));
  test("binomial(12, 0.3)", () => expectMoments(sample(binomial(12, 0.3), "b1"), 3.6, 2.52));
  test("binomial(400, 0.62), the mode-search branch", () => expectMoments(sample(binomial(400, 0.62), "b2"), 248, 94.24));
  test("binomial(1000, 0.02) and binomial(30, 0.97), both inversion branches with symmetry", () => {
    expectMoments(sample(binomial(1000, 0.02), "b3"), 20, 19.6);
    expectMoments(sample(binomial(30, 0.97), "b4"), 29.1, 0.873);
  });
  test("bernoulli(0.83)", () => expectMoments(sample(bernoulli(0.83), "be"), 0.83, 0.83 * 0.17));
  test("uniform(-2, 5)", () => expectMoments(sample(uniform(-2, 5), "u"), 1.5, 49 / 12));
});

describe("distributional shape", () => {
  test("standard normal passes Kolmogorov-Smirnov against the exact CDF", () => {
    const xs = Array.from(sample(standardNormal, "ks", 100_000));
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(KS_CRITICAL_0_001);
  });
  test("the ziggurat's tail beyond 3.5 has the right mass (tail algorithm)", () => {
    const n = 2_000_000;
    const xs = sample(standardNormal, "tail", n);
    let upper = 0;
    let lower = 0;
    for (const x of xs) {
      if (x > 3.5) upper++;
      if (x < -3.5) lower++;
    }
    const p = fixture["normalUpperTail3.5"];
    const se = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(upper - n * p)).toBeLessThan(5 * se);
    expect(Math.abs(lower - n * p)).toBeLessThan(5 * se);
  });
  test("binomial frequencies match R's dbinom cell by cell (5 SE)", () => {
    const check = (xs: Float64Array, ks: number[], ps: number[]) => {
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      ks.forEach((k, i) => {
        const expected = xs.length * ps[i]!;
        const se = Math.sqrt(expected * (1 - ps[i]!));
        expect(Math.abs((counts.get(k) ?? 0) - expected), `k = ${k}`).toBeLessThan(5 * se + 1e-9);
      });
    };
    check(sample(binomial(12, 0.3), "bf1"), fixture["dbinom12_0.3"].map((_, k) => k), fixture["dbinom12_0.3"]);
    check(sample(binomial(400, 0.62), "bf2"), fixture["dbinom400_0.62"].k, fixture["dbinom400_0.62"].p);
  });
  test("categorical frequencies follow the weights, and zero weights never come up", () => {
    const weights = [1, 0, 3, 6];
    const xs = sample(categorical(weights), "cat");
    const counts = [0, 0, 0, 0];
    for (const x of xs) counts[x]!++;
    expect(counts[1]).toBe(0);
    weights.forEach((w, i) => {
      const p = w / 10;
      expect(Math.abs(counts[i]! - N * p)).toBeLessThanOrEqual(5 * Math.sqrt(N * p * (1 - p)));
    });
  });
  test("a categorical whose last weights are zero never returns them", () => {
    const xs = sample(categorical([2, 5, 0, 0]), "cat0", 20_000);
    expect(Math.max(...xs)).toBe(1);
  });
  test("shuffle gives every permutation of 3 items equally often", () => {
    const rng = streamFromSeed(3, ["shuffle"]);
    const counts = new Map<string, number>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const key = shuffleInPlace(rng, ["a", "b", "c"]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - n / 6)).toBeLessThan(5 * Math.sqrt((n * (1 / 6) * 5) / 6));
  });
});

describe("parameters are validated once, at construction", () => {
  const cases: [string, () => unknown, string][] = [
    ["normal sd = 0", () => normal(0, 0), "sd"],
    ["normal mean = NaN", () => normal(Number.NaN, 1), "mean"],
    ["log-normal sdLog < 0", () => logNormal(0, -1), "sdLog"],
    ["truncated normal with an empty interval", () => truncatedNormal(0, 1, 2, 1), "upper"],
    ["truncated normal with no probability in the interval", () => truncatedNormal(0, 1, 60, 70), "lower"],
    ["exponential rate = 0", () => exponential(0), "rate"],
    ["Weibull shape = -1", () => weibull(-1, 1), "shape"],
    ["binomial n = 2.5", () => binomial(2.5, 0.5), "n"],
    ["binomial p = 1.2", () => binomial(10, 1.2), "p"],
    ["bernoulli p = -0.1", () => bernoulli(-0.1), "p"],
    ["categorical with a negative weight", () => categorical([1, -1]), "weights[1]"],
    ["categorical with all weights zero", () => categorical([0, 0]), "weights"],
    ["uniform with lower = upper", () => uniform(1, 1), "upper"],
  ];
  test.each(cases)("%s", (_name, make, path) => {
    let err: unknown;
    try {
      make();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toContain(path);
  });
  test("degenerate binomials are exact", () => {
    const rng = streamFromSeed(1, ["deg"]);
    expect(binomial(0, 0.4)(rng)).toBe(0);
    expect(binomial(9, 0)(rng)).toBe(0);
    expect(binomial(9, 1)(rng)).toBe(9);
  });
});

/**
 * Chi-square goodness of fit over `bins` equiprobable bins whose edges come from an independent
 * quantile function (stdlib's, checked against SciPy in scripts/reference/conjugate.py): the
 * statistic must stay below the 99.9% point of chi-square with bins − 1 degrees of freedom.
 */
function chiSquareAgainstQuantiles(xs: Float64Array, quantile: (p: number) => number, bins = 50): { statistic: number; critical: number } {
  const edges = Array.from({ length: bins - 1 }, (_, k) => quantile((k + 1) / bins));
  const counts = new Float64Array(bins);
  for (const x of xs) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < edges[mid]!) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = counts[lo]! + 1;
  }
  const expected = xs.length / bins;
  let statistic = 0;
  for (const c of counts) statistic += (c - expected) ** 2 / expected;
  return { statistic, critical: 2 * gammaQuantile(0.999, (bins - 1) / 2, 1) };
}

describe("gamma and beta (the calibration's conjugate draws)", () => {
  test.each([
    [0.5, 2],
    [2.5, 0.1],
    [10.5, 3],
  ])("gamma(shape %s, rate %s): moments within 5 SE and chi-square against the exact quantiles", (shape, rate) => {
    const xs = sample(gamma(shape, rate), `gamma-${shape}-${rate}`);
    expectMoments(xs, shape / rate, shape / rate ** 2);
    const fit = chiSquareAgainstQuantiles(xs, (p) => gammaQuantile(p, shape, rate));
    expect(fit.statistic).toBeLessThan(fit.critical);
  });
  test.each([
    [0.5, 0.5],
    [2.5, 137.5],
    [7, 3],
  ])("beta(%s, %s): moments within 5 SE, chi-square against the exact quantiles, and Kolmogorov-Smirnov against the exact CDF", (a, b) => {
    const xs = sample(beta(a, b), `beta-${a}-${b}`);
    expectMoments(xs, a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)));
    const fit = chiSquareAgainstQuantiles(xs, (p) => betaQuantile(p, a, b));
    expect(fit.statistic).toBeLessThan(fit.critical);
    expect(ksStatistic(Array.from(xs), (x) => betaRegularized(x, a, b))).toBeLessThan(KS_CRITICAL_0_001);
  });
  test("a wrong sampler fails the chi-square test (the test has power)", () => {
    const xs = sample(gamma(2.6, 0.1), "gamma-wrong");
    const fit = chiSquareAgainstQuantiles(xs, (p) => gammaQuantile(p, 2.5, 0.1));
    expect(fit.statistic).toBeGreaterThan(fit.critical);
  });
  test("parameters are validated at construction", () => {
    expect(() => gamma(0, 1)).toThrow(ValidationError);
    expect(() => beta(1, -1)).toThrow(/b: must be greater than 0/);
  });
});
