/**
 * Which baseline mean and SD a protocol may report. Enrolled baselines are simulated as a normal
 * truncated to [entry threshold, scale maximum] with the reported mean and SD, so the pair must
 * be one some truncated normal has. For a given mean, the SD of a normal truncated to [a, b] grows
 * with σ towards a limit it never reaches: as σ → ∞ (with μ/σ² held fixed) the truncated normal
 * tends to the exponentially tilted uniform, density ∝ exp(λx) on [a, b], with the same mean.
 * That limit's SD is the largest any truncated normal with this mean can approach.
 *
 * Near the limit σ grows without bound and the simulation's moment-matching solver
 * (participants/baseline.ts) stops converging (it fails between 99.5% and 99.9% of the limit on
 * the Phase 2 designs), so the protocol accepts SDs up to {@link FEASIBLE_SD_FRACTION} of it;
 * test/protocol/baseline-feasibility.test.ts checks the solver succeeds on everything accepted.
 */

/** The accepted share of the largest SD a truncated normal can have for the reported mean. */
export const FEASIBLE_SD_FRACTION = 0.99;

export interface ScoreInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The continuous interval enrolled baselines are drawn from: totals are integers, so a total at
 * the threshold passes and the cut lies half a point below it; likewise half a point above the
 * scale maximum.
 */
export function enrolledBaselineInterval(scaleMin: number, scaleMax: number, threshold: number): ScoreInterval {
  return { lower: Math.max(scaleMin, threshold) - 0.5, upper: scaleMax + 0.5 };
}

/** Mean and variance of the density ∝ exp(t·y) on [0, 1] (t = 0: the uniform). */
function tiltedUniformMoments(t: number): { mean: number; variance: number } {
  if (Math.abs(t) < 1e-4) return { mean: 0.5 + t / 12, variance: 1 / 12 - (t * t) / 720 };
  const mean = t > 0 ? 1 / -Math.expm1(-t) - 1 / t : Math.exp(t) / Math.expm1(t) - 1 / t;
  const halfSinh = Math.sinh(t / 2);
  return { mean, variance: 1 / (t * t) - 1 / (4 * halfSinh * halfSinh) };
}

/**
 * The supremum of the SD of a normal truncated to [lower, upper] whose mean is `mean`: the SD of
 * the exponentially tilted uniform with that mean (0 when the mean is not inside the interval).
 */
export function maxTruncatedNormalSd(mean: number, interval: ScoreInterval): number {
  const width = interval.upper - interval.lower;
  const target = (mean - interval.lower) / width;
  if (!(target > 0 && target < 1)) return 0;
  // The tilted mean rises monotonically from 0 to 1 as t runs over the reals: bisect on t.
  let lo = -1e6;
  let hi = 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (tiltedUniformMoments(mid).mean < target) lo = mid;
    else hi = mid;
  }
  return width * Math.sqrt(Math.max(0, tiltedUniformMoments((lo + hi) / 2).variance));
}

/** The largest baseline SD the protocol accepts for this mean, scale and entry threshold. */
export function maxFeasibleBaselineSd(mean: number, scaleMin: number, scaleMax: number, threshold: number): number {
  return FEASIBLE_SD_FRACTION * maxTruncatedNormalSd(mean, enrolledBaselineInterval(scaleMin, scaleMax, threshold));
}
