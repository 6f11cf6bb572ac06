/**
 * Pareto-smoothed importance sampling (PSIS; Vehtari, Simpson, Gelman, Yao & Gabry 2024, JMLR
 * 25(72)): importance weights whose largest values are replaced by the expected order statistics
 * of a generalized Pareto distribution fitted to them, with the fitted shape k̂ as the diagnostic
 * (k̂ < 0.7: the estimate is reliable at this sample size; above, it is not). The fit is Zhang &
 * Stephens' (2009) empirical Bayes estimate with the weakly informative prior on k of the R
 * package loo (`gpdfit`, `psis_smooth_tail`).
 */

/** A generalized Pareto fit: shape k and scale σ (location 0). */
export interface ParetoFit {
  readonly k: number;
  readonly sigma: number;
}

/** Zhang & Stephens (2009) fit of a generalized Pareto distribution to `x` (ascending, positive exceedances), with loo's prior on k. */
export function fitGeneralizedPareto(x: ArrayLike<number>): ParetoFit {
  const n = x.length;
  const m = 30 + Math.floor(Math.sqrt(n));
  const xStar = x[Math.floor(n / 4 + 0.5) - 1]!;
  const thetas = new Float64Array(m);
  const logLik = new Float64Array(m);
  const meanLog1p = (a: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log1p(a * x[i]!);
    return s / n;
  };
  for (let j = 0; j < m; j++) {
    const theta = 1 / x[n - 1]! + (1 - Math.sqrt(m / (j + 0.5))) / 3 / xStar;
    thetas[j] = theta;
    const k = meanLog1p(-theta);
    logLik[j] = n * (Math.log(-theta / k) - k - 1);
  }
  let max = -Infinity;
  for (const l of logLik) max = Math.max(max, l);
  let total = 0;
  for (const l of logLik) total += Math.exp(l - max);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += (thetas[j]! * Math.exp(logLik[j]! - max)) / total;
  const kRaw = meanLog1p(-thetaHat);
  const sigma = -kRaw / thetaHat;
  return { k: (n * kRaw + 10 * 0.5) / (n + 10), sigma };
}

/** Quantile function of a generalized Pareto distribution (location 0). */
function paretoQuantile(p: number, fit: ParetoFit): number {
  return Math.abs(fit.k) < 1e-12 ? -fit.sigma * Math.log1p(-p) : (fit.sigma * Math.expm1(-fit.k * Math.log1p(-p))) / fit.k;
}

export interface SmoothedWeights {
  /** Normalized weights (summing to 1), in the order of the log ratios. */
  readonly weights: Float64Array;
  /**
   * The fitted Pareto shape: the reliability diagnostic. Null when no shape was fitted (loo reports
   * Inf there): a tail shorter than 5 draws, tail values all equal, or a fit that fails.
   */
  readonly paretoK: number | null;
  /** Effective sample size of the weights, 1 / Σ w². */
  readonly ess: number;
}

/**
 * Pareto-smoothed importance weights from log importance ratios, for draws that are (close to)
 * independent: the M = min(S/5, 3√S) largest ratios are smoothed, and no weight exceeds the
 * largest raw one.
 */
export function paretoSmoothedWeights(logRatios: ArrayLike<number>): SmoothedWeights {
  const s = logRatios.length;
  let max = -Infinity;
  for (let i = 0; i < s; i++) max = Math.max(max, logRatios[i]!);
  const lw = Float64Array.from(logRatios, (v) => v - max);
  const tail = Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
  let paretoK: number | null = null;
  if (tail >= 5 && s > tail) {
    const order = Array.from({ length: s }, (_, i) => i).sort((a, b) => lw[a]! - lw[b]!);
    const top = order.slice(s - tail);
    // Tail values all equal: no fit, the weights as they are (loo 2.5.1 R/psis.R:215-220, do_psis_i:
    // `if (abs(max(lw_tail) - min(lw_tail)) < .Machine$double.eps/100)` warns and leaves k-hat Inf).
    if (Math.abs(lw[top[tail - 1]!]! - lw[top[0]!]!) >= Number.EPSILON / 100) {
      const cutoff = Math.exp(lw[order[s - tail - 1]!]!);
      const fit = fitGeneralizedPareto(top.map((i) => Math.exp(lw[i]!) - cutoff));
      // A fit that fails (NaN, e.g. x* = 0 when a quarter of the tail ties with the cutoff) is no fit:
      // loo 2.5.1 R/gpdfit.R:52-54 `if (is.nan(k)) k <- Inf`, and R/psis.R:254 psis_smooth_tail
      // smooths only `if (is.finite(k))`.
      paretoK = Number.isNaN(fit.k) ? null : fit.k;
      if (Number.isFinite(fit.k) && fit.sigma > 0) top.forEach((i, r) => (lw[i] = Math.min(0, Math.log(paretoQuantile((r + 0.5) / tail, fit) + cutoff))));
    }
  }
  const weights = lw.map(Math.exp);
  const sum = weights.reduce((a, b) => a + b, 0);
  let sq = 0;
  for (let i = 0; i < s; i++) {
    weights[i] = weights[i]! / sum;
    sq += weights[i]! * weights[i]!;
  }
  return { weights, paretoK, ess: 1 / sq };
}
