/**
 * Baseline severity. Trials report the mean and SD of those *enrolled*, who all scored at or
 * above the entry threshold and at most the scale's maximum. Drawing from a normal with the
 * reported mean and SD and discarding what falls outside would enrol a population that is too
 * severe and too homogeneous. Instead baselines follow the normal (μ, σ) whose truncation to
 * [threshold, scale max] has exactly the reported mean and SD.
 */
import { normalCdf, normalSurvival } from "../math/distributions.js";
import { ValidationError } from "../errors.js";

const INV_SQRT_2PI = 0.3989422804014327;
const phi = (x: number) => (Number.isFinite(x) ? INV_SQRT_2PI * Math.exp(-0.5 * x * x) : 0);

/** Mean and SD of Normal(μ, σ) truncated to [lower, upper]. */
export function truncatedMoments(mu: number, sigma: number, lower: number, upper: number): { mean: number; sd: number } {
  const a = (lower - mu) / sigma;
  const b = (upper - mu) / sigma;
  const z = a > 0 ? normalSurvival(a) - normalSurvival(b) : normalCdf(b) - normalCdf(a);
  const pa = phi(a);
  const pb = phi(b);
  const ra = Number.isFinite(a) ? a * pa : 0;
  const rb = Number.isFinite(b) ? b * pb : 0;
  const m = (pa - pb) / z;
  const variance = sigma * sigma * (1 + (ra - rb) / z - m * m);
  return { mean: mu + sigma * m, sd: Math.sqrt(Math.max(variance, 0)) };
}

export interface BaselineDistribution {
  /** Mean and SD of the normal before truncation. */
  readonly mu: number;
  readonly sigma: number;
  /** Mass of that normal inside the truncation interval. */
  readonly massInside: number;
}

/**
 * The normal whose truncation to [lower, upper] has the given mean and SD, by Newton's
 * method on (μ, log σ). Throws a ValidationError when no truncated normal has those moments
 * (for example an SD larger than the interval allows).
 */
export function enrolledBaselineDistribution(mean: number, sd: number, lower: number, upper: number, path = "population.baselineScore"): BaselineDistribution {
  let mu = mean;
  let logSigma = Math.log(sd);
  const f = (m: number, ls: number) => {
    const r = truncatedMoments(m, Math.exp(ls), lower, upper);
    return [r.mean - mean, r.sd - sd] as const;
  };
  for (let iter = 0; iter < 200; iter++) {
    const [f1, f2] = f(mu, logSigma);
    if (Math.abs(f1) < 1e-10 * Math.max(1, Math.abs(mean)) && Math.abs(f2) < 1e-10 * Math.max(1, sd)) {
      const sigma = Math.exp(logSigma);
      const a = (lower - mu) / sigma;
      const b = (upper - mu) / sigma;
      return { mu, sigma, massInside: a > 0 ? normalSurvival(a) - normalSurvival(b) : normalCdf(b) - normalCdf(a) };
    }
    const h1 = 1e-6 * Math.max(1, Math.abs(mu));
    const h2 = 1e-6;
    const [a1, a2] = f(mu + h1, logSigma);
    const [b1, b2] = f(mu, logSigma + h2);
    const j11 = (a1 - f1) / h1;
    const j21 = (a2 - f2) / h1;
    const j12 = (b1 - f1) / h2;
    const j22 = (b2 - f2) / h2;
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) break;
    let dMu = -(j22 * f1 - j12 * f2) / det;
    let dLs = -(-j21 * f1 + j11 * f2) / det;
    // Damped steps keep σ from running off to infinity when the target is near the limit.
    const scale = Math.min(1, 20 / Math.max(Math.abs(dMu), 1e-12), 0.5 / Math.max(Math.abs(dLs), 1e-12));
    dMu *= scale;
    dLs *= scale;
    mu += dMu;
    logSigma += dLs;
    if (logSigma > Math.log(1e4)) break;
  }
  throw new ValidationError("population", [
    {
      path: `${path}.sd`,
      rule: "feasible-baseline",
      message: `no normal truncated to [${lower}, ${upper}] has mean ${mean} and SD ${sd}; lower the SD or the entry threshold`,
      received: sd,
    },
  ]);
}
