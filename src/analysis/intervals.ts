/** Intervals for a binomial proportion. */
import { betaQuantile, normalQuantile } from "../math/distributions.js";

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Wilson score interval (R: prop.test(x, n, correct = FALSE)$conf.int). */
export function wilsonInterval(x: number, n: number, confLevel = 0.95): Interval {
  if (n === 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const z2 = z * z;
  const p = x / n;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}

/** Clopper-Pearson exact interval (R: binom.test(x, n)$conf.int). */
export function clopperPearsonInterval(x: number, n: number, confLevel = 0.95): Interval {
  const a = (1 - confLevel) / 2;
  return { lower: x === 0 ? 0 : betaQuantile(a, x, n - x + 1), upper: x === n ? 1 : betaQuantile(1 - a, x + 1, n - x) };
}

/**
 * Monte Carlo estimate of a probability: successes / trials with its standard error and Wilson
 * interval. With no trials there is no estimate: `estimate` and `mcse` are null and `reason`
 * says why (never NaN).
 */
export interface ProportionEstimate {
  /** successes / trials; null when no trial was run. */
  readonly estimate: number | null;
  /** Monte Carlo standard error, sqrt(p (1 − p) / trials); null when no trial was run. */
  readonly mcse: number | null;
  /** Wilson interval (all of [0, 1] when no trial was run). */
  readonly ci: readonly [number, number];
  readonly successes: number;
  readonly trials: number;
  /** Why `estimate` is null (present only then). */
  readonly reason?: string;
}

/** Why a proportion estimated from no trials has no value. */
export const NO_TRIALS_REASON = "no trial was completed (the run was interrupted before its first chunk finished)";

/** The estimate of a probability from `successes` of `trials` (null with a reason when trials is 0). */
export function proportionEstimate(successes: number, trials: number, confLevel = 0.95): ProportionEstimate {
  const w = wilsonInterval(successes, trials, confLevel);
  if (!(trials > 0)) return { estimate: null, mcse: null, ci: [w.lower, w.upper], successes, trials, reason: NO_TRIALS_REASON };
  const p = successes / trials;
  return { estimate: p, mcse: Math.sqrt((p * (1 - p)) / trials), ci: [w.lower, w.upper], successes, trials };
}
