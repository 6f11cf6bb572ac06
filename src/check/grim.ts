/**
 * Granularity checks for summaries of integer data. GRIM (Brown & Heathers 2017): a mean of n
 * integers is a multiple of 1/n, so a mean reported to d decimals is possible only if some
 * integer total T gives T/n that rounds to it. CAPS totals are sums of integer item scores, so a
 * mean of n CAPS totals (or of n changes between two totals) must pass. The same granularity
 * applies to a percentage of n participants (k/n × 100 for an integer k).
 */

/** Decimals in a number as written in JSON (shortest round-trip form): 25.5 → 1, 0.066 → 3. */
export function decimalsOf(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const text = String(x);
  const e = /e-(\d+)$/.exec(text);
  if (e) return Number(e[1]) + ((text.split("e")[0]!.split(".")[1] ?? "").length);
  return (text.split(".")[1] ?? "").length;
}

/** True when `value` is what rounding `exact` to `decimals` gives, by half-up or half-even rounding. */
function roundsTo(exact: number, value: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  const scaled = exact * scale;
  const target = Math.round(value * scale);
  // Tolerate floating-point noise in the scaled value before deciding ties.
  const eps = 1e-9 * Math.max(1, Math.abs(scaled));
  const floor = Math.floor(scaled + eps);
  const frac = scaled - floor;
  if (Math.abs(frac - 0.5) <= eps) return target === floor || target === floor + 1; // a tie: either convention
  return target === Math.round(scaled);
}

export interface GrimResult {
  readonly possible: boolean;
  /** The totals (or counts) that come closest, and the means (or percentages) they give. */
  readonly nearest: readonly { readonly total: number; readonly value: number }[];
  /** False when n ≥ 10^decimals: every mean is then possible and the test says nothing. */
  readonly informative: boolean;
}

/** The two totals either side of the nearest one: GRIM looks at five candidates. */
const OFFSETS = [-2, -1, 0, 1, 2] as const;

/** What GRIM says when it cannot judge: every value counts as possible. */
const UNINFORMATIVE: GrimResult = { possible: true, nearest: [], informative: false };

/**
 * GRIM for a mean of n integers reported with `decimals` decimals. Totals beyond 2^53 (or a
 * count that is not a positive integer) cannot be told apart in floating point: uninformative.
 */
export function grimMean(mean: number, n: number, decimals = decimalsOf(mean)): GrimResult {
  const centre = Math.round(mean * n);
  if (!Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(Math.abs(centre) + OFFSETS.length)) return UNINFORMATIVE;
  const nearest: { total: number; value: number }[] = [];
  let possible = false;
  for (const offset of OFFSETS) {
    const total = centre + offset;
    const value = total / n;
    nearest.push({ total, value });
    if (roundsTo(value, mean, decimals)) possible = true;
  }
  return { possible, nearest: nearest.filter((x) => Math.abs(x.value - mean) < 2 / n), informative: n < 10 ** decimals };
}

/** GRIM for a percentage of n reported with `decimals` decimals (percent units, 0-100); uninformative for an n beyond 2^53. */
export function grimPercent(percent: number, n: number, decimals = decimalsOf(percent)): GrimResult {
  const centre = Math.round((percent * n) / 100);
  if (!Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(Math.abs(centre) + OFFSETS.length)) return UNINFORMATIVE;
  const nearest: { total: number; value: number }[] = [];
  let possible = false;
  for (const offset of OFFSETS) {
    const count = centre + offset;
    if (count < 0 || count > n) continue;
    const value = (100 * count) / n;
    nearest.push({ total: count, value });
    if (roundsTo(value, percent, decimals)) possible = true;
  }
  return { possible, nearest, informative: n < 100 * 10 ** decimals };
}
