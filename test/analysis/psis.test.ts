import { describe, expect, test } from "vitest";
import { fitGeneralizedPareto, paretoSmoothedWeights } from "../../src/analysis/psis.js";
import { streamFromSeed } from "../../src/random/rng.js";

/** n draws from a generalized Pareto distribution with shape k and scale sigma (inverse CDF), ascending. */
function paretoSample(n: number, k: number, sigma: number, seed: number): Float64Array {
  const rng = streamFromSeed(seed, ["gpd"]);
  return Float64Array.from({ length: n }, () => (sigma * (Math.pow(rng.uniformPositive(), -k) - 1)) / k).sort();
}

describe("Pareto-smoothed importance sampling", () => {
  test("the generalized Pareto fit recovers known shapes and scales (Zhang & Stephens 2009)", () => {
    for (const [k, sigma] of [[0.2, 1], [0.5, 2], [0.9, 0.5]] as const) {
      const fit = fitGeneralizedPareto(paretoSample(20_000, k, sigma, 1));
      // Sampling SD of the estimate at n = 20,000 is about (1 + k)/sqrt(n) < 0.014.
      expect(Math.abs(fit.k - k)).toBeLessThan(0.05);
      expect(Math.abs(fit.sigma / sigma - 1)).toBeLessThan(0.06);
    }
  });

  test("equal ratios give equal weights and an effective sample size of S", () => {
    const r = paretoSmoothedWeights(new Float64Array(400).fill(-3));
    expect(r.ess).toBeCloseTo(400, 9);
    for (const w of r.weights) expect(w).toBeCloseTo(1 / 400, 12);
  });

  test("weights sum to one, no smoothed weight exceeds the largest raw one, and heavy tails raise k-hat", () => {
    const rng = streamFromSeed(2, ["ratios"]);
    // log ratios of N(0, 1) draws for a N(0, s²) target over a N(0, 1) proposal: light tail for s < 1, heavy for s > 1.
    const ratios = (s: number) => Float64Array.from({ length: 2000 }, () => {
      const u = rng.uniformPositive();
      const v = rng.uniform();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return -Math.log(s) - (z * z) / (2 * s * s) + (z * z) / 2;
    });
    const light = paretoSmoothedWeights(ratios(0.8));
    const heavy = paretoSmoothedWeights(ratios(1.8));
    for (const r of [light, heavy]) {
      expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(r.ess).toBeGreaterThan(1);
    }
    // Theory (Vehtari et al.): k = 1 - 1/s² for s > 1 (0.69 at s = 1.8); light tails give k < 0.
    expect(light.paretoK!).toBeLessThan(0.2);
    expect(heavy.paretoK!).toBeGreaterThan(0.45);
    expect(heavy.paretoK!).toBeLessThan(0.95);
  });
});
