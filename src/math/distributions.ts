/**
 * Distribution functions, taken from stdlib (https://github.com/stdlib-js/stdlib), whose
 * implementations follow Cephes/Boost and are tested against R and Julia to a few ULP.
 * simple-statistics' normal CDF is a two-decimal table and its probit is accurate to about
 * 1e-3, so neither is used for anything that becomes a p-value, a quantile or an interval.
 */
import normalCdfImpl from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantileImpl from "@stdlib/stats-base-dists-normal-quantile";
import tCdfImpl from "@stdlib/stats-base-dists-t-cdf";
import tQuantileImpl from "@stdlib/stats-base-dists-t-quantile";
import betaincImpl from "@stdlib/math-base-special-betainc";
import gammalnImpl from "@stdlib/math-base-special-gammaln";
import betaQuantileImpl from "@stdlib/stats-base-dists-beta-quantile";
import gammaincinvImpl from "@stdlib/math-base-special-gammaincinv";

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Upper tail 1 − Φ(x), computed without cancellation. */
export function normalSurvival(x: number): number {
  return normalCdfImpl(-x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Student t CDF with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function tCdf(t: number, df: number): number {
  return tCdfImpl(t, df);
}

/** Student t quantile. */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|). */
export function tTwoSidedP(t: number, df: number): number {
  // 2·P(T ≤ −|t|) keeps full relative precision for small p.
  return Math.min(1, 2 * tCdfImpl(-Math.abs(t), df));
}

/** Regularized incomplete beta I_x(a, b) (upper = 1 − I_x(a, b), computed directly). */
export function betaRegularized(x: number, a: number, b: number, upper = false): number {
  return betaincImpl(x, a, b, true, upper);
}

/** Natural log of the gamma function. */
export function logGamma(x: number): number {
  return gammalnImpl(x);
}

/** Beta distribution quantile (used for Clopper-Pearson intervals). */
export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantileImpl(p, a, b);
}

/** Gamma(shape, rate) quantile, by inverting the regularized lower incomplete gamma function. */
export function gammaQuantile(p: number, shape: number, rate: number): number {
  return gammaincinvImpl(p, shape) / rate;
}
