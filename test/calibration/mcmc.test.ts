import { describe, expect, test } from "vitest";
import { mixtureMetropolis, pooledMoments } from "../../src/calibration/mcmc.js";
import { logPrior, globalsOf, GLOBAL_PRIORS, dimension, FOLDED } from "../../src/calibration/priors.js";
import { streamFromSeed } from "../../src/random/rng.js";

const identity = (d: number, scale: number) => {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) l[i * d + i] = scale;
  return l;
};

describe("the calibration's sampler", () => {
  test("mixture kernels on a wrong approximation still sample a correlated normal: means and variances within Monte Carlo error", () => {
    // Target N((1, 0.5), [[4, 2.4], [2.4, 2]]); approximation N((0, 0), I), deliberately off.
    const s11 = 4, s22 = 2, s12 = 2.4, det = s11 * s22 - s12 * s12;
    const logTarget = (x: Float64Array) => {
      const a = x[0]! - 1, b = x[1]! - 0.5;
      return -0.5 * (s22 * a * a - 2 * s12 * a * b + s11 * b * b) / det;
    };
    const rng = streamFromSeed(3, ["mixture"]);
    const chain = mixtureMetropolis(rng, logTarget, new Float64Array([0, 0]), { iterations: 60_000, burnIn: 1000, thin: 10, approximation: { mean: new Float64Array(2), chol: identity(2, 1) }, independenceShare: 0.3, df: 5, independenceScale: 1.2 });
    const { mean, cov } = pooledMoments(chain.draws);
    // 5,900 kept draws with autocorrelation: allow about 5 standard errors of an effective 500.
    expect(mean[0]).toBeCloseTo(1, 0);
    expect(Math.abs(mean[0]! - 1)).toBeLessThan(5 * Math.sqrt(4 / 500));
    expect(Math.abs(mean[1]! - 0.5)).toBeLessThan(5 * Math.sqrt(2 / 500));
    expect(Math.abs(cov[0]! / 4 - 1)).toBeLessThan(0.3);
    expect(Math.abs(cov[3]! / 2 - 1)).toBeLessThan(0.3);
    expect(Math.abs(cov[1]! / 2.4 - 1)).toBeLessThan(0.35);
  });

  test("a folded half-normal coordinate sampled from its prior alone gives the half-normal's quantiles", () => {
    const i = GLOBAL_PRIORS.findIndex((p) => p.key === "expectancy.effect");
    expect(FOLDED[i]).toBe(true);
    const sd = GLOBAL_PRIORS[i]!.sd;
    const d = dimension(0);
    // The prior alone (no trials), sampled in the folded coordinate: |y| must be half-normal(sd).
    const rng = streamFromSeed(4, ["folded"]);
    const start = new Float64Array(d);
    GLOBAL_PRIORS.forEach((p, k) => (start[k] = p.kind === "lognormal" || p.kind === "normal" ? p.mu : FOLDED[k] ? 0.1 : Math.log(0.1)));
    const chain = mixtureMetropolis(rng, (x) => logPrior(x, 0), start, { iterations: 80_000, burnIn: 2000, thin: 8, approximation: { mean: start, chol: identity(d, 0.6) }, independenceShare: 0.2, df: 5, independenceScale: 1.5 });
    const values = chain.draws.map((x) => globalsOf(x)[i]!).sort((a, b) => a - b);
    const q = (p: number) => values[Math.floor(p * values.length)]!;
    // Half-normal quantiles: sd · Φ⁻¹((1 + p)/2); Φ⁻¹(0.75) = 0.674490, Φ⁻¹(0.95) = 1.644854 (exact values).
    expect(Math.abs(q(0.5) / (sd * 0.67449) - 1)).toBeLessThan(0.08);
    expect(Math.abs(q(0.9) / (sd * 1.644854) - 1)).toBeLessThan(0.08);
    expect(values[0]!).toBeGreaterThanOrEqual(0);
  });
});
