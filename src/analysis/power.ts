/**
 * Analytic power for comparison with simulation, as R computes it: power.t.test (two-sample,
 * two-sided, noncentral t; with `strict` the opposite tail counts too) and power.prop.test
 * (normal approximation). Each can also be solved for n per group.
 */
import { normalCdf, normalQuantile, tQuantile } from "../math/distributions.js";
import { brentRoot } from "../math/roots.js";
import { noncentralTCdf } from "./noncentral-t.js";

export interface PowerTInput {
  /** Per group (may be fractional, as in R). */
  readonly n: number;
  readonly delta: number;
  readonly sd?: number;
  readonly sigLevel?: number;
  readonly strict?: boolean;
}

/** Power of a two-sample, two-sided t test with n per group (R: power.t.test(n, delta, sd, sig.level, type = "two.sample", alternative = "two.sided", strict)$power). */
export function powerTTest({ n, delta, sd = 1, sigLevel = 0.05, strict = false }: PowerTInput): number {
  const nu = (n - 1) * 2;
  const qu = tQuantile(1 - sigLevel / 2, nu);
  const ncp = Math.sqrt(n / 2) * (delta / sd);
  const upper = noncentralTCdf(qu, nu, ncp, false);
  return strict ? upper + noncentralTCdf(-qu, nu, ncp, true) : upper;
}

/** n per group reaching `power` (R: power.t.test(power = , delta = , ...)$n). */
export function sampleSizeTTest({ power, delta, sd = 1, sigLevel = 0.05, strict = false }: { power: number; delta: number; sd?: number; sigLevel?: number; strict?: boolean }): number {
  const f = (n: number) => powerTTest({ n, delta, sd, sigLevel, strict }) - power;
  let hi = 4;
  while (f(hi) < 0 && hi < 1e7) hi *= 2;
  return brentRoot(f, 2, hi, 1e-12);
}

export interface PowerPropInput {
  readonly n: number;
  readonly p1: number;
  readonly p2: number;
  readonly sigLevel?: number;
}

/** Power of a two-sided comparison of two proportions with n per group, by the normal approximation (R: power.prop.test(n, p1, p2, sig.level)$power, not strict). */
export function powerPropTest({ n, p1, p2, sigLevel = 0.05 }: PowerPropInput): number {
  const qu = normalQuantile(1 - sigLevel / 2);
  return normalCdf((Math.sqrt(n) * Math.abs(p1 - p2) - qu * Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
}

/** n per group reaching `power` (R: power.prop.test(power = , p1 = , p2 = )$n). */
export function sampleSizePropTest({ power, p1, p2, sigLevel = 0.05 }: { power: number; p1: number; p2: number; sigLevel?: number }): number {
  const f = (n: number) => powerPropTest({ n, p1, p2, sigLevel }) - power;
  let hi = 4;
  while (f(hi) < 0 && hi < 1e7) hi *= 2;
  return brentRoot(f, 2, hi, 1e-12);
}
