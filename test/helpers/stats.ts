import { expect } from "vitest";

/** Sample mean and variance, and the standard errors of both (the latter from the sample's 4th moment). */
export function moments(xs: ArrayLike<number>) {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  const variance = m2 / (n - 1);
  m4 /= n;
  return { n, mean, variance, seMean: Math.sqrt(variance / n), seVariance: Math.sqrt(Math.max(m4 - variance * variance, 0) / n) };
}

/** Assert a sample's mean and variance lie within `k` standard errors of the closed forms. */
export function expectMoments(xs: ArrayLike<number>, mean: number, variance: number, k = 5) {
  const m = moments(xs);
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean} (SE ${m.seMean})`).toBeLessThan(k * m.seMean);
  expect(Math.abs(m.variance - variance), `variance ${m.variance} vs ${variance} (SE ${m.seVariance})`).toBeLessThan(k * m.seVariance);
}

/** Kolmogorov-Smirnov statistic sqrt(n)·D of a sample against a CDF. */
export function ksStatistic(xs: number[], cdf: (x: number) => number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  return Math.sqrt(n) * d;
}

/** sqrt(n)·D above this has probability 0.001 under the null (Kolmogorov distribution). */
export const KS_CRITICAL_0_001 = 1.9495;
