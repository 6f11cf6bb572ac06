/**
 * Two-sample t tests, from raw data or from summary statistics: Welch's test with the
 * Welch-Satterthwaite degrees of freedom, and Student's test with a pooled variance, exactly as
 * R's t.test computes them (two-sided p-value; confidence interval for mean(x) − mean(y)).
 */
import { tQuantile, tTwoSidedP } from "../math/distributions.js";
import { mean, variance } from "./descriptive.js";

/**
 * A two-sample t test (Welch's or Student's) as R's t.test reports it: the difference
 * mean(x) − mean(y) with its SE, t, df, two-sided p and confidence interval. welchTTest,
 * studentTTest, welchFromSummary and studentFromSummary return it; each comparison in a
 * TrialResult holds a Welch and a Student test (each null when the arms' data cannot give it).
 */
export interface TTestResult {
  /** mean(x) − mean(y). */
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

export interface GroupSummary {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
}

/** A t test without its confidence interval: what a Monte Carlo summary needs, at a fraction of the cost. */
export type TTestStatistic = Omit<TTestResult, "ciLower" | "ciUpper">;

/**
 * Welch's t test from summary statistics. Returns null when it is undefined (fewer than two
 * observations in a group, or no variance in either).
 */
export function welchFromSummary(x: GroupSummary, y: GroupSummary, confLevel = 0.95): TTestResult | null {
  const s = welchStatistic(x, y);
  return s && withInterval(s, confLevel);
}

/** Welch's test from summary statistics without the interval: the same estimate, t, df and p as welchFromSummary. */
export function welchStatistic(x: GroupSummary, y: GroupSummary): TTestStatistic | null {
  if (x.n < 2 || y.n < 2) return null;
  const vx = (x.sd * x.sd) / x.n;
  const vy = (y.sd * y.sd) / y.n;
  const se2 = vx + vy;
  if (!(se2 > 0)) return null;
  const se = Math.sqrt(se2);
  const df = (se2 * se2) / ((vx * vx) / (x.n - 1) + (vy * vy) / (y.n - 1));
  return statistic(x.mean - y.mean, se, df);
}

/** Student's t test (pooled variance) from summary statistics; null when undefined. */
export function studentFromSummary(x: GroupSummary, y: GroupSummary, confLevel = 0.95): TTestResult | null {
  const s = studentStatistic(x, y);
  return s && withInterval(s, confLevel);
}

/** Student's test from summary statistics without the interval (see studentFromSummary). */
export function studentStatistic(x: GroupSummary, y: GroupSummary): TTestStatistic | null {
  const df = x.n + y.n - 2;
  if (x.n < 1 || y.n < 1 || df < 1) return null;
  const pooled = ((x.n - 1) * x.sd * x.sd + (y.n - 1) * y.sd * y.sd) / df;
  const se = Math.sqrt(pooled * (1 / x.n + 1 / y.n));
  if (!(se > 0)) return null;
  return statistic(x.mean - y.mean, se, df);
}

function statistic(estimate: number, se: number, df: number): TTestStatistic {
  const t = estimate / se;
  return { estimate, se, t, df, p: tTwoSidedP(t, df) };
}

function withInterval(s: TTestStatistic, confLevel: number): TTestResult {
  const q = tQuantile(1 - (1 - confLevel) / 2, s.df);
  return { estimate: s.estimate, se: s.se, t: s.t, df: s.df, p: s.p, ciLower: s.estimate - q * s.se, ciUpper: s.estimate + q * s.se };
}

export function summarize(xs: ArrayLike<number>): GroupSummary {
  const m = mean(xs);
  return { mean: m, sd: xs.length > 1 ? Math.sqrt(variance(xs, m)) : 0, n: xs.length };
}

/** Welch's t test on raw data (R: t.test(x, y)). */
export function welchTTest(x: ArrayLike<number>, y: ArrayLike<number>, confLevel = 0.95): TTestResult | null {
  return welchFromSummary(summarize(x), summarize(y), confLevel);
}

/** Student's t test on raw data (R: t.test(x, y, var.equal = TRUE)). */
export function studentTTest(x: ArrayLike<number>, y: ArrayLike<number>, confLevel = 0.95): TTestResult | null {
  return studentFromSummary(summarize(x), summarize(y), confLevel);
}
