/**
 * Standardized mean differences. Cohen's d divides the difference in means by the pooled SD;
 * Hedges' g multiplies d by the exact small-sample correction J(m) = Γ(m/2) / (√(m/2)·Γ((m−1)/2)),
 * m = n1 + n2 − 2 (Hedges 1981). Intervals: "noncentral-t" inverts the noncentral t distribution
 * of d·√(n1 n2/(n1 + n2)) (exact under normality; Steiger & Fouladi 1997), "normal" uses the
 * large-sample SE √(1/n1 + 1/n2 + g²/(2(n1 + n2))) (Hedges & Olkin 1985).
 */
import { logGamma, normalQuantile } from "../math/distributions.js";
import { bracketAndSolve } from "../math/roots.js";
import { noncentralTCdf } from "./noncentral-t.js";
import type { GroupSummary } from "./ttest.js";

/**
 * A standardized difference in means, first group minus second: Cohen's d, Hedges' g with its
 * correction factor j, a confidence interval by the method asked for, and the large-sample SE of
 * g. standardizedDifference returns it; each comparison in a TrialResult holds one (null when the
 * arms' data cannot give it).
 */
export interface EffectSize {
  /** Cohen's d: (mean1 − mean2) / pooled SD. */
  readonly d: number;
  /** Hedges' g = J·d. */
  readonly g: number;
  readonly j: number;
  /**
   * Confidence interval for the population standardized difference: g ± z·SE(g) ("normal") or
   * the inversion of the noncentral t distribution of d's t statistic ("noncentral-t": exact for
   * normal data with equal variances, asymmetric, and not centred on g).
   */
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly ciMethod: "noncentral-t" | "normal";
  /** Large-sample standard error of g. */
  readonly seG: number;
}

/** Exact Hedges correction J(m). */
export function hedgesJ(m: number): number {
  return Math.exp(logGamma(m / 2) - 0.5 * Math.log(m / 2) - logGamma((m - 1) / 2));
}

/** Cohen's d and Hedges' g with an interval; null when the pooled SD is zero or n is too small. */
export function standardizedDifference(x: GroupSummary, y: GroupSummary, options: { confLevel?: number; ci?: "noncentral-t" | "normal" } = {}): EffectSize | null {
  const m = x.n + y.n - 2;
  if (x.n < 2 || y.n < 2) return null;
  const pooled = Math.sqrt(((x.n - 1) * x.sd * x.sd + (y.n - 1) * y.sd * y.sd) / m);
  if (!(pooled > 0)) return null;
  const d = (x.mean - y.mean) / pooled;
  const j = hedgesJ(m);
  const g = j * d;
  const seG = Math.sqrt(1 / x.n + 1 / y.n + (g * g) / (2 * (x.n + y.n)));
  const confLevel = options.confLevel ?? 0.95;
  const method = options.ci ?? "normal";
  if (method === "normal") {
    const z = normalQuantile(1 - (1 - confLevel) / 2);
    return { d, g, j, ciLower: g - z * seG, ciUpper: g + z * seG, ciMethod: "normal", seG };
  }
  const scale = Math.sqrt(1 / x.n + 1 / y.n);
  const tObs = d / scale;
  const alpha = 1 - confLevel;
  // pt(tObs; m, ncp) decreases in ncp: the lower limit leaves alpha/2 above, the upper alpha/2 below.
  const lower = bracketAndSolve((ncp) => noncentralTCdf(tObs, m, ncp) - (1 - alpha / 2), tObs - 5, tObs + 5, 1e-12);
  const upper = bracketAndSolve((ncp) => noncentralTCdf(tObs, m, ncp) - alpha / 2, tObs - 5, tObs + 5, 1e-12);
  return { d, g, j, ciLower: lower * scale, ciUpper: upper * scale, ciMethod: "noncentral-t", seG };
}
