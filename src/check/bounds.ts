/**
 * Plausible ranges for everything a published-result file holds and for the check's options,
 * each with its reason: one table, used by the schema (so out of range is a ValidationError
 * naming the field, at validation time) and printable as documentation. The ranges are wide on
 * purpose: a wrong but plausible figure (a mean off its scale, an SE entered as an SD) is a
 * finding for the check rows to report, not invalid input; only values no PTSD trial report
 * could hold, and sizes that would make the check run for hours, are rejected.
 */

/** One bounded quantity: its inclusive range, its unit and why the range is what it is. */
export interface Bound {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
  readonly unit: string;
  readonly reason: string;
}

/** The bounds of a published-result file, by the fields they apply to. */
export const PUBLISHED_RESULT_BOUNDS = {
  arms: {
    min: 2,
    max: 20,
    integer: true,
    unit: "arms",
    reason: "a comparison needs two arms; multi-arm PTSD trials have at most a handful (MP-8 had three), so 20 leaves ample room",
  },
  armN: {
    min: 1,
    max: 1000,
    integer: true,
    unit: "participants per arm",
    reason:
      "the largest randomized PTSD trials have fewer than 500 per arm (MDMA Phase 3: 90 and 104 in total); the comparison with simulated trials costs time in proportion to n, so larger arms are rejected rather than run for hours",
  },
  mean: {
    min: -1000,
    max: 1000,
    integer: false,
    unit: "scale points",
    reason: "CAPS totals lie in 0-136 (CAPS-IV) or 0-80 (CAPS-5) and changes within ± that; means up to ±1000 stay valid so that the on-scale row can name an off-scale figure, anything larger is not a score",
  },
  spread: {
    min: 0.001,
    max: 1000,
    integer: false,
    unit: "scale points",
    reason: "an SD or SE of scale totals is at most the scale's width (136 points); below 0.001 points it is not a reported spread of totals, and zero makes every test undefined",
  },
  decimals: {
    min: 0,
    max: 6,
    integer: true,
    unit: "decimals",
    reason: "papers report summaries with 0-3 decimals; 6 covers any",
  },
  percent: {
    min: 0,
    max: 100,
    integer: false,
    unit: "percent",
    reason: "a share of participants",
  },
  count: {
    min: 0,
    max: 1000,
    integer: true,
    unit: "participants",
    reason: "a count of participants in an arm (at most the arm's n, checked separately)",
  },
  p: {
    min: 0,
    max: 1,
    integer: false,
    unit: "probability",
    reason: "a p-value is a probability",
  },
  t: {
    min: -1000,
    max: 1000,
    integer: false,
    unit: "t statistic",
    reason: "t statistics of clinical trials are well below 100; 1000 covers misreported ones the p-vs-t row should judge",
  },
  df: {
    min: 1,
    max: 20_000,
    integer: false,
    unit: "degrees of freedom",
    reason: "at most the participants compared minus 2 (20 arms of 1000 at most); Welch's df may be fractional but is at least 1",
  },
  effectSize: {
    min: -20,
    max: 20,
    integer: false,
    unit: "standardized difference (SD units)",
    reason: "psychiatric effects are below 3 SD; up to 20 stays valid so that the effect-size rows can flag a misreported one (SEs taken as SDs inflate d about √n-fold)",
  },
  assumedDifference: {
    min: -1000,
    max: 1000,
    integer: false,
    unit: "scale points",
    reason: "the same range as a mean: a difference between two scale totals",
  },
  assumedG: {
    min: -20,
    max: 20,
    integer: false,
    unit: "standardized difference (SD units)",
    reason: "the same range as a reported effect size",
  },
} as const satisfies Readonly<Record<string, Bound>>;

/** Longest text, in characters, of each free-text field of a published-result file. */
export const PUBLISHED_RESULT_TEXT_LENGTHS = {
  id: 100,
  label: 200,
  title: 500,
  citation: 5000,
  timepoint: 100,
} as const;

/** The bounds of the check's run options. */
export const CHECK_OPTION_BOUNDS = {
  trials: {
    min: 100,
    max: 100_000,
    integer: true,
    unit: "simulated trials",
    reason: "fewer than 100 cannot place a percentile to within several points; 100,000 already gives percentiles to about ±0.3 points",
  },
  simulatedParticipants: {
    min: 0,
    max: 2_000_000,
    integer: true,
    unit: "simulated participants (both runs: trials × participants per trial × 2)",
    reason: "the simulator runs about 10,000 participants a second on one core (BENCHMARKS.md: S2 is about 570 trials of 20 a second), so 2 million take about 3 minutes; beyond it, lower the trials or turn the simulation off",
  },
} as const satisfies Readonly<Record<string, Bound>>;

/** Every bound as a row (name, range, unit, reason), for documentation. */
export function boundsTable(): { readonly name: string; readonly min: number; readonly max: number; readonly integer: boolean; readonly unit: string; readonly reason: string }[] {
  const rows = [...Object.entries(PUBLISHED_RESULT_BOUNDS), ...Object.entries(CHECK_OPTION_BOUNDS)].map(([name, bound]) => ({ name, ...bound }));
  const texts = Object.entries(PUBLISHED_RESULT_TEXT_LENGTHS).map(([field, max]) => ({ name: `${field} (text)`, min: 0, max, integer: true, unit: "characters", reason: "free text; a bound keeps untrusted input small" }));
  return [...rows, ...texts];
}
