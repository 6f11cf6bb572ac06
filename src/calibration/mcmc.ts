/**
 * Adaptive Metropolis (Haario, Saksman & Tamminen 2001): a Gaussian random walk whose covariance
 * is learnt from the chain during burn-in and then frozen, so the kept draws come from a valid
 * Markov chain. Several chains from dispersed starts give the split-R̂ and effective sample size
 * (Vehtari et al. 2021) reported with the calibration.
 */
import type { Rng } from "../random/rng.js";
import { gamma, standardNormal } from "../random/samplers.js";
import { cholesky } from "../math/cholesky.js";

export interface ChainOptions {
  readonly iterations: number;
  readonly burnIn: number;
  readonly thin: number;
  /** Initial proposal SD per coordinate. */
  readonly initialScale: number;
}

export interface ChainResult {
  /** Kept draws (after burn-in, thinned), each a copy of the vector. */
  readonly draws: Float64Array[];
  readonly acceptanceRate: number;
}

/** Run one chain of adaptive Metropolis on `logPosterior` from `start`. */
export function adaptiveMetropolis(rng: Rng, logPosterior: (x: Float64Array) => number, start: Float64Array, options: ChainOptions): ChainResult {
  const d = start.length;
  let x = Float64Array.from(start);
  let lp = logPosterior(x);
  if (!Number.isFinite(lp)) throw new Error("the sampler's starting point has zero posterior density");
  const scale = (2.38 * 2.38) / d;
  let chol: Float64Array = new Float64Array(d * d);
  for (let i = 0; i < d; i++) chol[i * d + i] = options.initialScale;
  // Running mean and covariance of the chain (Welford), for adaptation.
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d * d);
  let count = 0;
  const draws: Float64Array[] = [];
  let accepted = 0;
  const z = new Float64Array(d);
  const proposal = new Float64Array(d);
  for (let it = 0; it < options.iterations; it++) {
    for (let i = 0; i < d; i++) z[i] = standardNormal(rng);
    for (let i = 0; i < d; i++) {
      let s = x[i]!;
      for (let k = 0; k <= i; k++) s += chol[i * d + k]! * z[k]!;
      proposal[i] = s;
    }
    const lpNew = logPosterior(proposal);
    const u = rng.uniformPositive();
    if (Number.isFinite(lpNew) && Math.log(u) < lpNew - lp) {
      x = Float64Array.from(proposal);
      lp = lpNew;
      if (it >= options.burnIn) accepted++;
    }
    if (it < options.burnIn) {
      // Forget the first half of the burn-in (the transient from the start) once: the proposal is
      // then learned from where the chain has settled.
      if (it === Math.floor(options.burnIn / 2) && count >= 1000) {
        count = 0;
        mean.fill(0);
        m2.fill(0);
      }
      count++;
      for (let i = 0; i < d; i++) {
        const delta = x[i]! - mean[i]!;
        mean[i] = mean[i]! + delta / count;
        for (let j = 0; j <= i; j++) m2[i * d + j] = m2[i * d + j]! + delta * (x[j]! - mean[j]!);
      }
      // Re-learn the proposal every 200 iterations once the chain has moved a while.
      if (count >= 500 && count % 200 === 0) {
        const cov = new Float64Array(d * d);
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) {
            const v = (scale * m2[i * d + j]!) / (count - 1) + (i === j ? scale * 1e-6 : 0);
            cov[i * d + j] = v;
            cov[j * d + i] = v;
          }
        const l = cholesky(cov, d);
        if (l) chol = l;
      }
    } else if ((it - options.burnIn) % options.thin === 0) {
      draws.push(Float64Array.from(x));
    }
  }
  return { draws, acceptanceRate: accepted / Math.max(1, options.iterations - options.burnIn) };
}

/** Split-R̂ of one coordinate over chains (each chain split in halves). */
export function splitRhat(chains: readonly number[][]): number {
  const halves: number[][] = [];
  for (const c of chains) {
    const h = Math.floor(c.length / 2);
    halves.push(c.slice(0, h), c.slice(h, 2 * h));
  }
  const n = halves[0]!.length;
  const means = halves.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  const b = (n / (halves.length - 1)) * means.reduce((s, m) => s + (m - grand) ** 2, 0);
  const w = halves.reduce((s, c, i) => s + c.reduce((t, v) => t + (v - means[i]!) ** 2, 0) / (n - 1), 0) / halves.length;
  const varPlus = ((n - 1) / n) * w + b / n;
  return Math.sqrt(varPlus / w);
}

/**
 * Effective sample size of one coordinate over chains: the classic multi-chain estimate (Gelman et
 * al., BDA3 section 11.5) with Geyer's initial positive sequence on the pooled autocorrelation,
 * on whole (unsplit) chains and without Geyer's monotone step; it tends to be conservative.
 */
export function effectiveSampleSize(chains: readonly number[][]): number {
  const m = chains.length;
  const n = chains[0]!.length;
  const means = chains.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const vars = chains.map((c, i) => c.reduce((s, v) => s + (v - means[i]!) ** 2, 0) / n);
  const w = vars.reduce((a, b) => a + b, 0) / m;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const b = m > 1 ? (n / (m - 1)) * means.reduce((s, v) => s + (v - grand) ** 2, 0) : 0;
  const varPlus = ((n - 1) / n) * w + b / n;
  const rho = (lag: number) => {
    let s = 0;
    for (let c = 0; c < m; c++) {
      const x = chains[c]!;
      let acc = 0;
      for (let t = 0; t + lag < n; t++) acc += (x[t]! - means[c]!) * (x[t + lag]! - means[c]!);
      s += acc / n;
    }
    return 1 - (w - s / m) / varPlus;
  };
  let sum = 0;
  for (let t = 0; t + 1 < n; t += 2) {
    const pair = rho(t) + rho(t + 1);
    if (pair < 0) break;
    sum += pair;
  }
  const tau = -1 + 2 * sum;
  return (m * n) / Math.max(tau, 1e-9);
}

/** A multivariate normal approximation of a posterior: its mean and the lower Cholesky factor of its covariance (row-major). */
export interface NormalApproximation {
  readonly mean: Float64Array;
  readonly chol: Float64Array;
}

export interface MixtureKernelOptions {
  readonly iterations: number;
  readonly burnIn: number;
  readonly thin: number;
  readonly approximation: NormalApproximation;
  /** Share of iterations that propose independently from the multivariate t around the approximation (the rest: a random walk). */
  readonly independenceShare: number;
  /** Degrees of freedom and scale (times the approximation's covariance) of the independence proposal. */
  readonly df: number;
  readonly independenceScale: number;
}

/** Solve L·z = x − mean for z (L lower triangular) and return |z|². */
function mahalanobis2(a: NormalApproximation, x: Float64Array, z: Float64Array): number {
  const d = x.length;
  let q = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i]! - a.mean[i]!;
    for (let k = 0; k < i; k++) s -= a.chol[i * d + k]! * z[k]!;
    z[i] = s / a.chol[i * d + i]!;
    q += z[i]! * z[i]!;
  }
  return q;
}

/** out = mean·[shift] + scale·L·z. */
function applyChol(chol: Float64Array, z: Float64Array, scale: number, base: Float64Array, out: Float64Array): void {
  const d = z.length;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += chol[i * d + k]! * z[k]!;
    out[i] = base[i]! + scale * s;
  }
}

/**
 * A Metropolis-Hastings chain with two fixed kernels mixed at random (Tierney 1994): a random walk
 * with the approximation's covariance scaled by 2.38²/d (Roberts & Rosenthal 2001), and an
 * independence proposal from a multivariate t around the approximation, which jumps across the
 * posterior in one step where the approximation is good. The kernels do not adapt, so every
 * iteration is a step of one valid Markov chain; the approximation only sets their efficiency.
 */
export function mixtureMetropolis(rng: Rng, logPosterior: (x: Float64Array) => number, start: Float64Array, o: MixtureKernelOptions): ChainResult {
  const d = start.length;
  const a = o.approximation;
  const walkScale = 2.38 / Math.sqrt(d);
  const chiSquare = gamma(o.df / 2, 0.5);
  const z = new Float64Array(d);
  const work = new Float64Array(d);
  const tLogDensity = (x: Float64Array) => (-(o.df + d) / 2) * Math.log1p(mahalanobis2(a, x, work) / (o.independenceScale * o.independenceScale * o.df));
  let x = Float64Array.from(start);
  let lp = logPosterior(x);
  if (!Number.isFinite(lp)) throw new Error("the sampler's starting point has zero posterior density");
  let lq = tLogDensity(x);
  const proposal = new Float64Array(d);
  const draws: Float64Array[] = [];
  let accepted = 0;
  for (let it = 0; it < o.iterations; it++) {
    const independent = rng.uniform() < o.independenceShare;
    for (let i = 0; i < d; i++) z[i] = standardNormal(rng);
    if (independent) applyChol(a.chol, z, o.independenceScale * Math.sqrt(o.df / chiSquare(rng)), a.mean, proposal);
    else applyChol(a.chol, z, walkScale, x, proposal);
    const lpNew = logPosterior(proposal);
    const lqNew = tLogDensity(proposal);
    const logRatio = lpNew - lp + (independent ? lq - lqNew : 0);
    if (Number.isFinite(lpNew) && Math.log(rng.uniformPositive()) < logRatio) {
      x = Float64Array.from(proposal);
      lp = lpNew;
      lq = lqNew;
      if (it >= o.burnIn) accepted++;
    }
    if (it >= o.burnIn && (it - o.burnIn) % o.thin === 0) draws.push(Float64Array.from(x));
  }
  return { draws, acceptanceRate: accepted / Math.max(1, o.iterations - o.burnIn) };
}

/** The mean and covariance (row-major, divisor n − 1) of draws pooled over chains. */
export function pooledMoments(draws: readonly Float64Array[]): { mean: Float64Array; cov: Float64Array } {
  const d = draws[0]!.length;
  const n = draws.length;
  const mean = new Float64Array(d);
  for (const x of draws) for (let i = 0; i < d; i++) mean[i] = mean[i]! + x[i]! / n;
  const cov = new Float64Array(d * d);
  for (const x of draws)
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) cov[i * d + j] = cov[i * d + j]! + ((x[i]! - mean[i]!) * (x[j]! - mean[j]!)) / (n - 1);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[j * d + i] = cov[i * d + j]!;
  return { mean, cov };
}
