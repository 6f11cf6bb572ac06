/**
 * Bayesian synthetic likelihood (Wood 2010; Price, Drovandi, Lee & Nott 2018): the published
 * summary vector is scored under a multivariate normal whose mean and covariance are those of
 * the same summaries over K simulated replicates of the trial. The covariance carries what the
 * summaries share (an arm's mean, SD and response share come from the same participants), so a
 * trial's data are not counted twice. A floor on each variance (the published value's rounding,
 * or half a count) keeps the normal proper when a statistic barely varies (7 of 7 responders).
 */

import { cholesky } from "../math/cholesky.js";

const LOG_2PI = Math.log(2 * Math.PI);

export interface SyntheticLikelihood {
  readonly logLikelihood: number;
}

/**
 * Log synthetic likelihood of `observed` given the K × d `simulated` matrix (row-major).
 * Returns -Infinity when fewer than d + 2 replicates are usable.
 */
export function syntheticLogLikelihood(observed: ArrayLike<number>, simulated: Float64Array, K: number, floors: ArrayLike<number>): SyntheticLikelihood {
  const d = observed.length;
  const mean = new Float64Array(d);
  const rows: number[] = [];
  for (let k = 0; k < K; k++) {
    let ok = true;
    for (let j = 0; j < d; j++) if (!Number.isFinite(simulated[k * d + j]!)) ok = false;
    if (ok) rows.push(k);
  }
  const m = rows.length;
  if (m < d + 2) return { logLikelihood: Number.NEGATIVE_INFINITY };
  for (const k of rows) for (let j = 0; j < d; j++) mean[j] = mean[j]! + simulated[k * d + j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / m;
  const cov = new Float64Array(d * d);
  for (const k of rows) {
    for (let i = 0; i < d; i++) {
      const di = simulated[k * d + i]! - mean[i]!;
      for (let j = 0; j <= i; j++) cov[i * d + j] = cov[i * d + j]! + di * (simulated[k * d + j]! - mean[j]!);
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = cov[i * d + j]! / (m - 1);
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
    cov[i * d + i] = cov[i * d + i]! + floors[i]!;
  }
  const l = cholesky(cov, d);
  if (!l) return { logLikelihood: Number.NEGATIVE_INFINITY };
  // Solve L z = (observed − mean); log|Σ| = 2 Σ log L_ii.
  const z = new Float64Array(d);
  let logDet = 0;
  let quad = 0;
  for (let i = 0; i < d; i++) {
    let s = observed[i]! - mean[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * z[k]!;
    z[i] = s / l[i * d + i]!;
    quad += z[i]! * z[i]!;
    logDet += 2 * Math.log(l[i * d + i]!);
  }
  return { logLikelihood: -0.5 * (quad + logDet + d * LOG_2PI) };
}
