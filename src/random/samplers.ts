/**
 * Samplers. Each factory validates its parameters once and returns a hot, unchecked function
 * of a stream (the d3-random pattern, with the stream passed explicitly so one sampler can
 * serve many streams and no sampler keeps hidden state between calls).
 */
import { ValidationError, type ValidationIssue } from "../errors.js";
import { normalCdf, normalQuantile, normalSurvival, logGamma } from "../math/distributions.js";
import type { Rng } from "./rng.js";

export type Sampler = (rng: Rng) => number;

function check(name: string, problems: ValidationIssue[]): void {
  if (problems.length > 0) throw new ValidationError(`${name} sampler parameters`, problems);
}

function requireFinite(problems: ValidationIssue[], path: string, value: number): boolean {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    problems.push({ path, rule: "finite", message: "must be a finite number", received: value });
    return false;
  }
  return true;
}

function requirePositive(problems: ValidationIssue[], path: string, value: number): void {
  if (requireFinite(problems, path, value) && value <= 0) {
    problems.push({ path, rule: "positive", message: "must be greater than 0", received: value });
  }
}

function requireProbability(problems: ValidationIssue[], path: string, value: number): void {
  if (requireFinite(problems, path, value) && (value < 0 || value > 1)) {
    problems.push({ path, rule: "probability", message: "must lie in [0, 1]", received: value });
  }
}

// ---------------------------------------------------------------------------------------------
// Standard normal: the ziggurat of Marsaglia & Tsang (2000) in Doornik's ZIGNOR form (2005),
// 128 layers. The layer index comes from the top 7 bits of a 53-bit uniform and the position
// within the layer from the remaining 46 bits, so the two are independent (the flaw Doornik
// found in the original was reusing the same bits for both).
// ---------------------------------------------------------------------------------------------
const ZIG_C = 128;
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const zigX = new Float64Array(ZIG_C + 1);
const zigRatio = new Float64Array(ZIG_C);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  zigX[0] = ZIG_V / f;
  zigX[1] = ZIG_R;
  zigX[ZIG_C] = 0;
  for (let i = 2; i < ZIG_C; i++) {
    zigX[i] = Math.sqrt(-2 * Math.log(ZIG_V / zigX[i - 1]! + f));
    f = Math.exp(-0.5 * zigX[i]! * zigX[i]!);
  }
  for (let i = 0; i < ZIG_C; i++) zigRatio[i] = zigX[i + 1]! / zigX[i]!;
}

function normalTail(rng: Rng, negative: boolean): number {
  // Marsaglia (1964): exact sampling beyond ZIG_R.
  let x: number;
  let y: number;
  do {
    x = Math.log(rng.uniformPositive()) / ZIG_R;
    y = Math.log(rng.uniformPositive());
  } while (-2 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

/** One standard normal draw. */
export function standardNormal(rng: Rng): number {
  for (;;) {
    const w = rng.uniform() * ZIG_C;
    const i = w | 0;
    const u = 2 * (w - i) - 1;
    if (Math.abs(u) < zigRatio[i]!) return u * zigX[i]!;
    if (i === 0) return normalTail(rng, u < 0);
    const x = u * zigX[i]!;
    const xi = zigX[i]!;
    const xi1 = zigX[i + 1]!;
    const f0 = Math.exp(-0.5 * (xi * xi - x * x));
    const f1 = Math.exp(-0.5 * (xi1 * xi1 - x * x));
    if (f1 + rng.uniform() * (f0 - f1) < 1.0) return x;
  }
}

/** Normal(mean, sd). */
export function normal(mean = 0, sd = 1): Sampler {
  const problems: ValidationIssue[] = [];
  requireFinite(problems, "mean", mean);
  requirePositive(problems, "sd", sd);
  check("normal", problems);
  return (rng) => mean + sd * standardNormal(rng);
}

/** Log-normal: exp(Normal(meanLog, sdLog)); its median is exp(meanLog). */
export function logNormal(meanLog: number, sdLog: number): Sampler {
  const problems: ValidationIssue[] = [];
  requireFinite(problems, "meanLog", meanLog);
  requirePositive(problems, "sdLog", sdLog);
  check("logNormal", problems);
  return (rng) => Math.exp(meanLog + sdLog * standardNormal(rng));
}

/**
 * Normal(mean, sd) conditioned on lower ≤ x ≤ upper, by inversion of the CDF. The tail that
 * holds the interval is worked in its own direction (1 − Φ for an upper interval) so that
 * intervals far in either tail keep their precision.
 */
export function truncatedNormal(mean: number, sd: number, lower: number, upper: number): Sampler {
  const problems: ValidationIssue[] = [];
  requireFinite(problems, "mean", mean);
  requirePositive(problems, "sd", sd);
  if (typeof lower !== "number" || Number.isNaN(lower) || lower === Infinity) {
    problems.push({ path: "lower", rule: "finite-or-minus-infinity", message: "must be a number below +Infinity", received: lower });
  }
  if (typeof upper !== "number" || Number.isNaN(upper) || upper === -Infinity) {
    problems.push({ path: "upper", rule: "finite-or-infinity", message: "must be a number above -Infinity", received: upper });
  }
  if (problems.length === 0 && !(lower < upper)) {
    problems.push({ path: "upper", rule: "above-lower", message: `must be greater than lower (${lower})`, received: upper });
  }
  check("truncatedNormal", problems);
  const a = (lower - mean) / sd;
  const b = (upper - mean) / sd;
  const upperTail = a > 0; // interval entirely above the mean: invert the survival function
  const pa = upperTail ? normalSurvival(a) : normalCdf(a);
  const pb = upperTail ? normalSurvival(b) : normalCdf(b);
  const mass = Math.abs(pb - pa);
  if (!(mass > 1e-300)) {
    check("truncatedNormal", [
      { path: "lower", rule: "non-negligible-mass", message: `the interval [${lower}, ${upper}] holds essentially no probability under Normal(${mean}, ${sd})`, received: lower },
    ]);
  }
  return (rng) => {
    const u = rng.uniform();
    let z: number;
    if (upperTail) z = -normalQuantile(pa + u * (pb - pa));
    else z = normalQuantile(pa + u * (pb - pa));
    const x = mean + sd * z;
    // Rounding at the edges can step a hair outside; the result must stay in the interval.
    return x < lower ? lower : x > upper ? upper : x;
  };
}

/** Exponential with the given rate (mean 1/rate). */
export function exponential(rate: number): Sampler {
  const problems: ValidationIssue[] = [];
  requirePositive(problems, "rate", rate);
  check("exponential", problems);
  return (rng) => -Math.log(rng.uniformPositive()) / rate;
}

/** Weibull(shape k, scale λ): P(X > x) = exp(−(x/λ)^k). */
export function weibull(shape: number, scale: number): Sampler {
  const problems: ValidationIssue[] = [];
  requirePositive(problems, "shape", shape);
  requirePositive(problems, "scale", scale);
  check("weibull", problems);
  const invShape = 1 / shape;
  return (rng) => scale * Math.pow(-Math.log(rng.uniformPositive()), invShape);
}

/**
 * Gamma(shape, rate) (mean shape/rate) by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26:363; for shape < 1 a Gamma(shape + 1) draw times
 * U^(1/shape) (their section 6).
 */
export function gamma(shape: number, rate: number): Sampler {
  const problems: ValidationIssue[] = [];
  requirePositive(problems, "shape", shape);
  requirePositive(problems, "rate", rate);
  check("gamma", problems);
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return (rng) => {
    let value: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = rng.uniformPositive();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        value = d * v;
        break;
      }
    }
    if (boosted) value *= Math.pow(rng.uniformPositive(), invShape);
    return value / rate;
  };
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a, 1) and Y ~ Gamma(b, 1) drawn in that order. */
export function beta(a: number, b: number): Sampler {
  const problems: ValidationIssue[] = [];
  requirePositive(problems, "a", a);
  requirePositive(problems, "b", b);
  check("beta", problems);
  const ga = gamma(a, 1);
  const gb = gamma(b, 1);
  return (rng) => {
    const x = ga(rng);
    const y = gb(rng);
    return x / (x + y);
  };
}

/** Bernoulli(p) as 0 or 1. */
export function bernoulli(p: number): Sampler {
  const problems: ValidationIssue[] = [];
  requireProbability(problems, "p", p);
  check("bernoulli", problems);
  return (rng) => (rng.uniform() < p ? 1 : 0);
}

/**
 * Binomial(n, p), exact, by inversion. For small n·p the search starts at 0; otherwise it
 * starts at the mode and walks outward, taking the nearer side's probability first, which
 * costs O(√(npq)) steps and never loses the distribution's tails.
 */
export function binomial(n: number, p: number): Sampler {
  const problems: ValidationIssue[] = [];
  if (!Number.isSafeInteger(n) || n < 0) problems.push({ path: "n", rule: "non-negative-integer", message: "must be a non-negative integer", received: n });
  requireProbability(problems, "p", p);
  check("binomial", problems);
  if (n === 0 || p === 0) return () => 0;
  if (p === 1) return () => n;
  const flip = p > 0.5;
  const q0 = flip ? 1 - p : p; // work with the smaller probability
  const r = q0 / (1 - q0);
  if (n * q0 < 20) {
    const p0 = Math.pow(1 - q0, n);
    return (rng) => {
      let u = rng.uniform();
      let k = 0;
      let pk = p0;
      while (u >= pk && k < n) {
        u -= pk;
        pk *= (r * (n - k)) / (k + 1);
        k++;
      }
      return flip ? n - k : k;
    };
  }
  const mode = Math.floor((n + 1) * q0);
  const logPmf = (k: number) =>
    logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(q0) + (n - k) * Math.log1p(-q0);
  const pMode = Math.exp(logPmf(mode));
  return (rng) => {
    let u = rng.uniform() - pMode;
    if (u < 0) return flip ? n - mode : mode;
    let lo = mode;
    let hi = mode;
    let pLo = pMode;
    let pHi = pMode;
    for (;;) {
      const canDown = lo > 0;
      const canUp = hi < n;
      if (!canDown && !canUp) return flip ? n - mode : mode; // rounding left u > 0 at the end
      const nextLo = canDown ? (pLo * lo) / ((n - lo + 1) * r) : -1;
      const nextHi = canUp ? (pHi * r * (n - hi)) / (hi + 1) : -1;
      if (nextHi >= nextLo) {
        hi++;
        pHi = nextHi;
        u -= pHi;
        if (u < 0) return flip ? n - hi : hi;
      } else {
        lo--;
        pLo = nextLo;
        u -= pLo;
        if (u < 0) return flip ? n - lo : lo;
      }
    }
  };
}

/** Index i with probability weights[i] / Σ weights. */
export function categorical(weights: readonly number[]): Sampler {
  const problems: ValidationIssue[] = [];
  if (!Array.isArray(weights) || weights.length === 0) {
    problems.push({ path: "weights", rule: "non-empty", message: "must be a non-empty array", received: weights });
  } else {
    weights.forEach((w, i) => {
      if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
        problems.push({ path: `weights[${i}]`, rule: "non-negative", message: "must be a finite number ≥ 0", received: w });
      }
    });
  }
  check("categorical", problems);
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) check("categorical", [{ path: "weights", rule: "positive-total", message: "must not all be zero", received: weights }]);
  const cumulative = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]! / total;
    cumulative[i] = acc;
  }
  const last = weights.length - 1;
  let lastPositive = last;
  while (weights[lastPositive] === 0) lastPositive--;
  return (rng) => {
    const u = rng.uniform();
    for (let i = 0; i < last; i++) if (u < cumulative[i]!) return i;
    return lastPositive;
  };
}

/** Uniform(lower, upper). */
export function uniform(lower: number, upper: number): Sampler {
  const problems: ValidationIssue[] = [];
  requireFinite(problems, "lower", lower);
  requireFinite(problems, "upper", upper);
  if (problems.length === 0 && !(lower < upper)) problems.push({ path: "upper", rule: "above-lower", message: `must be greater than lower (${lower})`, received: upper });
  check("uniform", problems);
  const width = upper - lower;
  return (rng) => lower + width * rng.uniform();
}

/** Shuffle `items` in place (Fisher-Yates) and return it. */
export function shuffleInPlace<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
