/**
 * The textbook trial, for teaching and benchmarking: each arm's outcome is Normal(mean, sd), the
 * groups are compared with Welch's (or Student's) t test. Power here is the share of trials
 * rejecting the null at two-sided alpha in either direction, which is what R's
 * power.t.test(..., strict = TRUE) computes analytically.
 */
import * as z from "zod/mini";
import { parseOrThrow } from "../errors.js";
import { createRoot, streamPrefix, type Rng, type Seed } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { tQuantile, tTwoSidedP } from "../math/distributions.js";
import { proportionEstimate, type ProportionEstimate } from "../analysis/intervals.js";
import { newHistogram, addToHistogram, mergeHistogram, distributionSummary, newMoments, addMoment, mergeMoments, type Histogram, type DistributionSummary, type Moments } from "./summary.js";
import type { ChunkTask } from "./engine.js";

/** Limits of the textbook scenario, with their reasons. */
export const NORMAL_SCENARIO_BOUNDS = {
  n: { min: 2, max: 100_000, reason: "a t test needs 2 per arm; at 100,000 per arm any effect above 0.02 SD is found with certainty, so larger arms only cost time" },
  mean: { max: 1e6, reason: "the scenario is scale-free: means beyond ±10^6 SDs of 1 test floating point, not statistics" },
  sd: { min: 1e-6, max: 1e6, reason: "a scale-free scenario: SDs between 10^-6 and 10^6 keep sums of squares far from overflow and underflow" },
} as const;

const B = NORMAL_SCENARIO_BOUNDS;
const normalArm = (id: string) =>
  z.strictObject({
    id: z._default(z.string().check(z.maxLength(64)), id),
    n: z.int().check(z.gte(B.n.min), z.lte(B.n.max, { error: B.n.reason })),
    mean: z.number().check(z.gte(-B.mean.max, { error: B.mean.reason }), z.lte(B.mean.max, { error: B.mean.reason })),
    sd: z.number().check(z.gte(B.sd.min, { error: B.sd.reason }), z.lte(B.sd.max, { error: B.sd.reason })),
  });

export const NormalScenarioSchema = z.strictObject({
  kind: z._default(z.literal("normal"), "normal"),
  /** Control first, then the treated arm. */
  arms: z.tuple([normalArm("control"), normalArm("treated")]),
  test: z._default(z.enum(["welch", "student"]), "welch"),
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
});
export type NormalScenarioInput = z.input<typeof NormalScenarioSchema>;
export type NormalScenario = z.output<typeof NormalScenarioSchema>;

export interface NormalRow {
  readonly trial: number;
  /** mean(treated) − mean(control). */
  readonly difference: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly rejected: boolean;
}

export interface NormalPartial {
  trials: number;
  rejections: number;
  diff: Moments;
  hist: Histogram;
}

export interface NormalSummary {
  readonly trials: number;
  /** P(reject) at two-sided alpha (R: power.t.test(..., strict = TRUE)). */
  readonly power: ProportionEstimate;
  readonly difference: DistributionSummary;
}

/** Standard normal draws per trial (what the benchmark divides by). */
export function normalDrawsPerTrial(s: NormalScenario): number {
  return s.arms[0].n + s.arms[1].n;
}

export function normalTask(input: NormalScenarioInput, seed: Seed): ChunkTask<NormalPartial, NormalRow> & { scenario: NormalScenario } {
  const s = parseOrThrow(NormalScenarioSchema, input, "normal scenario");
  const root = createRoot(seed);
  const [c, t] = s.arms;
  const xs = new Float64Array(Math.max(c.n, t.n));
  const welch = s.test === "welch";
  // Quantile resolution: 1/200 of the standard error of the difference.
  const binWidth = Math.sqrt((c.sd * c.sd) / c.n + (t.sd * t.sd) / t.n) / 200;
  // A fresh stream object per trial measured faster in V8 than re-seeding one object; the key's
  // prefix is hashed once and the per-group results are reused, so little is allocated per trial.
  const trials = streamPrefix(root, 2, ["trial"]);
  const out = new Float64Array(2);
  const rejects = rejectionBand(s);
  const groupStats = (rng: Rng, n: number, mean: number, sd: number): void => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = mean + sd * standardNormal(rng);
      xs[i] = v;
      sum += v;
    }
    const m = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = xs[i]! - m;
      ss += d * d;
    }
    out[0] = m;
    out[1] = ss / (n - 1);
  };
  return {
    scenario: s,
    newPartial: () => ({ trials: 0, rejections: 0, diff: newMoments(), hist: newHistogram(binWidth) }),
    runTrial(trial, partial, keepRow) {
      const rng = trials.stream(trial);
      groupStats(rng, c.n, c.mean, c.sd);
      const aMean = out[0]!;
      const aVar = out[1]!;
      groupStats(rng, t.n, t.mean, t.sd);
      const groupVar = out[1]!;
      const diff = out[0]! - aMean;
      let se2: number;
      let df: number;
      if (welch) {
        const va = aVar / c.n;
        const vb = groupVar / t.n;
        se2 = va + vb;
        df = (se2 * se2) / ((va * va) / (c.n - 1) + (vb * vb) / (t.n - 1));
      } else {
        df = c.n + t.n - 2;
        se2 = (((c.n - 1) * aVar + (t.n - 1) * groupVar) / df) * (1 / c.n + 1 / t.n);
      }
      const tStat = diff / Math.sqrt(se2);
      // A summary needs only the decision: far enough from the critical values it is known
      // without the t distribution (see rejectionBand); rows need the p-value itself.
      const decided = keepRow ? undefined : rejects(tStat);
      const p = decided === undefined ? tTwoSidedP(tStat, df) : Number.NaN;
      const rejected = decided ?? p < s.alpha;
      partial.trials++;
      if (rejected) partial.rejections++;
      addMoment(partial.diff, diff);
      addToHistogram(partial.hist, diff);
      return keepRow ? { trial, difference: diff, t: tStat, df, p, rejected } : undefined;
    },
    merge(into, from) {
      into.trials += from.trials;
      into.rejections += from.rejections;
      mergeMoments(into.diff, from.diff);
      mergeHistogram(into.hist, from.hist);
    },
  };
}

/**
 * The rejection decision p < alpha from |t| alone where the degrees of freedom do not matter.
 * The two-sided critical value t(1 − alpha/2, df) falls as df grows, and df lies between the
 * smaller group's n − 1 and n1 + n2 − 2 (Welch's df always does; Student's is the upper end), so
 * |t| above the critical value at the lowest df rejects and |t| below it at the highest does
 * not, whatever the df. In between (a narrow band) the p-value decides, as it always did. The
 * margins of 1e-9 keep rounding in the quantiles from ever deciding a case the p-value would
 * decide otherwise.
 */
function rejectionBand(s: NormalScenario): (t: number) => boolean | undefined {
  const [c, t] = s.arms;
  const dfHigh = c.n + t.n - 2;
  const dfLow = s.test === "welch" ? Math.min(c.n, t.n) - 1 : dfHigh;
  const rejectAbove = tQuantile(1 - s.alpha / 2, dfLow) * (1 + 1e-9);
  const keepBelow = tQuantile(1 - s.alpha / 2, dfHigh) * (1 - 1e-9);
  return (tStat) => {
    const a = Math.abs(tStat);
    return a > rejectAbove ? true : a < keepBelow ? false : undefined;
  };
}

export function finalizeNormal(p: NormalPartial, rows?: readonly NormalRow[]): NormalSummary {
  const exact = rows ? Float64Array.from(rows.map((r) => r.difference)) : undefined;
  return { trials: p.trials, power: proportionEstimate(p.rejections, p.trials), difference: distributionSummary(p.diff, p.hist, exact) };
}
