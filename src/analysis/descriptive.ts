/** Descriptive statistics on numeric arrays (two-pass, so large means do not cost precision). */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample variance with n − 1 in the denominator (R's var). */
export function variance(xs: ArrayLike<number>, m = mean(xs)): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i]! - m;
    s += d * d;
  }
  return s / (xs.length - 1);
}

export function sd(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Quantile of type 7 (R's default): linear interpolation between order statistics. `sorted` ascending. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Type-7 quantiles of `xs` at each probability. */
export function quantiles(xs: ArrayLike<number>, probs: readonly number[]): number[] {
  const sorted = Float64Array.from(xs).sort();
  return probs.map((p) => quantileSorted(sorted, p));
}
