/**
 * Responder analysis on a 2×2 table: Fisher's exact test (two-sided p-value by R's rule: the
 * probabilities of all tables no more likely than the observed one, with R's relative tolerance
 * 1e-7), and the risk difference with Newcombe's hybrid score interval (method 10 of Newcombe
 * 1998) built from Wilson intervals, plus the Wald interval for reference.
 */
import { logGamma, normalQuantile } from "../math/distributions.js";
import { wilsonInterval } from "./intervals.js";

export interface FisherResult {
  /** Two-sided p-value (R: fisher.test(...)$p.value). */
  readonly p: number;
  /** One-sided p-values: group 1 has more events ("greater") or fewer ("less"). */
  readonly pGreater: number;
  readonly pLess: number;
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * Fisher's exact test for the table [[a, b], [c, d]]: rows are groups, columns are (event,
 * no event). Under the null the count `a` is hypergeometric given the margins.
 */
export function fisherExact(a: number, b: number, c: number, d: number): FisherResult {
  const m = a + c; // events
  const n = b + d; // non-events
  const k = a + b; // group 1 size
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const size = hi - lo + 1;
  const logd = new Float64Array(size);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) {
    const x = lo + i;
    logd[i] = logChoose(m, x) + logChoose(n, k - x) - logChoose(m + n, k);
    if (logd[i]! > max) max = logd[i]!;
  }
  let total = 0;
  const dens = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    dens[i] = Math.exp(logd[i]! - max);
    total += dens[i]!;
  }
  for (let i = 0; i < size; i++) dens[i] = dens[i]! / total;
  const obs = a - lo;
  const cutoff = dens[obs]! * (1 + 1e-7);
  let p = 0;
  let pLess = 0;
  let pGreater = 0;
  for (let i = 0; i < size; i++) {
    if (dens[i]! <= cutoff) p += dens[i]!;
    if (i <= obs) pLess += dens[i]!;
    if (i >= obs) pGreater += dens[i]!;
  }
  return { p: Math.min(1, p), pGreater: Math.min(1, pGreater), pLess: Math.min(1, pLess) };
}

export interface RiskDifference {
  /** p1 − p2 (group 1 minus group 2). */
  readonly rd: number;
  readonly p1: number;
  readonly p2: number;
  /** Newcombe's hybrid score interval. */
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Wald interval (poor for small n; shown for comparison). */
  readonly waldLower: number;
  readonly waldUpper: number;
}

/** Risk difference of x1/n1 minus x2/n2 with Newcombe and Wald intervals. */
export function riskDifference(x1: number, n1: number, x2: number, n2: number, confLevel = 0.95): RiskDifference {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const rd = p1 - p2;
  const w1 = wilsonInterval(x1, n1, confLevel);
  const w2 = wilsonInterval(x2, n2, confLevel);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const wald = z * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return {
    rd,
    p1,
    p2,
    ciLower: rd - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    ciUpper: rd + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
    waldLower: rd - wald,
    waldUpper: rd + wald,
  };
}
