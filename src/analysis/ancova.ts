/**
 * Analysis of covariance for two groups: the least-squares fit of y ~ group + baseline (R:
 * lm(y ~ group + baseline)), reporting the group coefficient (the baseline-adjusted difference,
 * group 1 minus group 0) with its standard error, t, df = n − 3, two-sided p and confidence
 * interval. Solved on centred variables, which is exact and well conditioned.
 */
import { tQuantile, tTwoSidedP } from "../math/distributions.js";

/**
 * An ANCOVA of y ~ group + baseline (R: lm): the baseline-adjusted difference (group 1 minus group
 * 0) with its SE, t, df = n − 3, two-sided p and confidence interval, and the baseline's
 * coefficient. ancova returns it; each comparison in a TrialResult holds one (null when the arms'
 * data cannot give it).
 */
export interface AncovaResult {
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly baselineCoefficient: number;
}

/** The baseline-adjusted difference between two groups, y ~ group + baseline (R: lm(y ~ group + baseline)); `group` holds 1 for the treated group and 0 for the comparator. Null when not estimable. */
export function ancova(y: ArrayLike<number>, group: ArrayLike<number>, baseline: ArrayLike<number>, confLevel = 0.95): AncovaResult | null {
  const n = y.length;
  if (n < 4) return null;
  let my = 0, mg = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    my += y[i]!;
    mg += group[i]!;
    mb += baseline[i]!;
  }
  my /= n;
  mg /= n;
  mb /= n;
  let sgg = 0, sbb = 0, sgb = 0, sgy = 0, sby = 0;
  for (let i = 0; i < n; i++) {
    const g = group[i]! - mg;
    const b = baseline[i]! - mb;
    const v = y[i]! - my;
    sgg += g * g;
    sbb += b * b;
    sgb += g * b;
    sgy += g * v;
    sby += b * v;
  }
  const det = sgg * sbb - sgb * sgb;
  if (!(det > 1e-12 * sgg * sbb)) return null; // group and baseline collinear, or a constant
  const bg = (sbb * sgy - sgb * sby) / det;
  const bb = (sgg * sby - sgb * sgy) / det;
  // Residual sum of squares from the residuals themselves (no cancellation when the fit is close).
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - my - bg * (group[i]! - mg) - bb * (baseline[i]! - mb);
    rss += r * r;
  }
  const df = n - 3;
  const sigma2 = rss / df;
  const se = Math.sqrt((sigma2 * sbb) / det);
  if (!(se > 0)) return null;
  const t = bg / se;
  const q = tQuantile(1 - (1 - confLevel) / 2, df);
  return { estimate: bg, se, t, df, p: tTwoSidedP(t, df), ciLower: bg - q * se, ciUpper: bg + q * se, baselineCoefficient: bb };
}
