/**
 * Summaries of many trials, built from per-chunk partials that merge in chunk order. Sums are
 * accumulated in a fixed order inside each chunk and chunks are merged by index, so a run gives
 * the same numbers, bit for bit, whatever number of workers computed the chunks. Quantiles of
 * the effect estimates come from fine fixed-width histograms, so memory does not grow with the
 * number of trials.
 */
import { proportionEstimate, type ProportionEstimate } from "../analysis/intervals.js";
import { quantileSorted } from "../analysis/descriptive.js";
import type { TrialResult, TrialTally } from "./analyze.js";
import { bangBlindingIndexUnchecked as bangBlindingIndex, jamesBlindingIndexUnchecked as jamesBlindingIndex, type GuessCounts } from "../analysis/blinding.js";

/**
 * A sparse histogram with fixed-width bins over the whole real line: bin k holds
 * [k·width, (k+1)·width). It merges by adding counts, and its size is bounded by the spread of
 * the values over the bin width, not by how many values it holds.
 */
export interface Histogram {
  readonly width: number;
  readonly bins: Map<number, number>;
  total: number;
}

export function newHistogram(width: number): Histogram {
  return { width, bins: new Map(), total: 0 };
}

export function addToHistogram(h: Histogram, x: number): void {
  const k = Math.floor(x / h.width);
  h.bins.set(k, (h.bins.get(k) ?? 0) + 1);
  h.total++;
}

export function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [k, c] of from.bins) into.bins.set(k, (into.bins.get(k) ?? 0) + c);
  into.total += from.total;
}

/**
 * Quantile from a histogram, interpolating linearly within the bin (resolution: one bin width).
 * With `range` (the smallest and largest value added), the result is kept inside it, so a
 * quantile never leaves the values' support (a rate's never exceeds 1).
 */
export function histogramQuantile(h: Histogram, p: number, range?: { readonly min: number; readonly max: number }): number | null {
  if (h.total === 0) return null;
  const keys = [...h.bins.keys()].sort((a, b) => a - b);
  const target = p * h.total;
  let cum = 0;
  let q = (keys[keys.length - 1]! + 1) * h.width;
  for (const k of keys) {
    const c = h.bins.get(k)!;
    if (cum + c >= target) {
      q = (k + (target - cum) / c) * h.width;
      break;
    }
    cum += c;
  }
  return range && range.min <= range.max ? Math.min(range.max, Math.max(range.min, q)) : q;
}

/** Count, sums and range of the finite values seen (min/max keep histogram quantiles inside the data). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}
export const newMoments = (): Moments => ({ n: 0, sum: 0, sumSq: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY });
/** Add a value (null, undefined and non-finite values are skipped). */
export function addMoment(m: Moments, x: number | null | undefined): void {
  if (x === null || x === undefined || !Number.isFinite(x)) return;
  m.n++;
  m.sum += x;
  m.sumSq += x * x;
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}
/** Merge `b` into `a` (sums in call order: merge chunks in chunk order). */
export function mergeMoments(a: Moments, b: Moments): void {
  a.n += b.n;
  a.sum += b.sum;
  a.sumSq += b.sumSq;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
}

/** Resolution of the effect histograms: 0.01 scale points for differences, 0.001 for g. */
const DIFF_BIN = 0.01;
const G_BIN = 0.001;
const RATE_BIN = 0.0001;

type ArmTally = TrialTally["arms"][number];
type ComparisonTally = TrialTally["comparisons"][number];

/**
 * The one list of what a summary keeps, per arm and per comparison: counts summed over trials,
 * trial-level values whose moments are kept, and values whose distribution over trials is kept
 * in a histogram. newPartial, addTrial and mergePartial all follow these lists.
 */
const ARM_FIELDS = {
  counts: {
    randomized: (a: ArmTally) => a.randomized,
    analysed: (a: ArmTally) => a.analysed,
    dropouts: (a: ArmTally) => a.dropouts,
    responders: (a: ArmTally) => a.responders,
    lostDiagnosis: (a: ArmTally) => a.lostDiagnosis,
    remissions: (a: ArmTally) => a.remissions,
    supplementalOffered: (a: ArmTally) => a.supplementalOffered,
    supplementalWithheld: (a: ArmTally) => a.supplementalWithheld,
    retrievedDropouts: (a: ArmTally) => a.retrievedDropouts,
    participantGuessedTreated: (a: ArmTally) => a.guesses.participant.guessedTreated,
    participantGuessedControl: (a: ArmTally) => a.guesses.participant.guessedControl,
    participantDontKnow: (a: ArmTally) => a.guesses.participant.dontKnow,
    therapistGuessedTreated: (a: ArmTally) => a.guesses.therapist.guessedTreated,
    therapistGuessedControl: (a: ArmTally) => a.guesses.therapist.guessedControl,
    therapistDontKnow: (a: ArmTally) => a.guesses.therapist.dontKnow,
    raterGuessedTreated: (a: ArmTally) => a.guesses.rater.guessedTreated,
    raterGuessedControl: (a: ArmTally) => a.guesses.rater.guessedControl,
    raterDontKnow: (a: ArmTally) => a.guesses.rater.dontKnow,
    /** Participant-level sum of change, for the pooled mean. */
    changeSum: (a: ArmTally) => (a.meanChange !== null ? a.meanChange * a.analysed : 0),
  },
  moments: {
    meanChange: (a: ArmTally) => a.meanChange,
    sdChange: (a: ArmTally) => a.sdChange,
    responseRate: (a: ArmTally) => a.responseRate,
  },
  histograms: {
    meanChangeHist: { of: (a: ArmTally) => a.meanChange, width: DIFF_BIN },
    responseRateHist: { of: (a: ArmTally) => a.responseRate, width: RATE_BIN },
  },
} as const;

const COMPARISON_FIELDS = {
  counts: {
    successes: (c: ComparisonTally) => (c.success ? 1 : 0),
    significant: (c: ComparisonTally) => (c.significant ? 1 : 0),
    computed: (c: ComparisonTally) => (c.primaryP !== null ? 1 : 0),
    mmrmFallbacks: (c: ComparisonTally) => (c.mmrmFallback ? 1 : 0),
  },
  moments: {
    difference: (c: ComparisonTally) => c.welch?.estimate ?? null,
    g: (c: ComparisonTally) => c.effectSize?.g ?? null,
    primaryP: (c: ComparisonTally) => c.primaryP,
    riskDifference: (c: ComparisonTally) => c.riskDifference?.rd ?? null,
  },
  histograms: {
    differenceHist: { of: (c: ComparisonTally) => c.welch?.estimate ?? null, width: DIFF_BIN },
    gHist: { of: (c: ComparisonTally) => c.effectSize?.g ?? null, width: G_BIN },
  },
} as const;

const TRIAL_COUNTS = {
  trials: () => 1,
  successes: (r: TrialTally) => (r.success ? 1 : 0),
  rejections: (r: TrialTally) => (r.rejected ? 1 : 0),
  screened: (r: TrialTally) => r.screened,
  screenFailures: (r: TrialTally) => r.screenFailures,
} as const;

interface FieldSpec<T> {
  readonly counts: Readonly<Record<string, (x: T) => number>>;
  readonly moments: Readonly<Record<string, (x: T) => number | null>>;
  readonly histograms: Readonly<Record<string, { readonly of: (x: T) => number | null; readonly width: number }>>;
}

type PartialOf<S extends FieldSpec<never>> = { -readonly [K in keyof S["counts"]]: number } & { -readonly [K in keyof S["moments"]]: Moments } & { -readonly [K in keyof S["histograms"]]: Histogram };

type ArmPartial = PartialOf<typeof ARM_FIELDS>;
type ComparisonPartial = PartialOf<typeof COMPARISON_FIELDS>;
type Counts = Record<string, number>;
type Block = Record<string, number | Moments | Histogram>;

function newBlock<T>(spec: FieldSpec<T>): Block {
  const block: Block = {};
  for (const k of Object.keys(spec.counts)) block[k] = 0;
  for (const k of Object.keys(spec.moments)) block[k] = newMoments();
  for (const [k, h] of Object.entries(spec.histograms)) block[k] = newHistogram(h.width);
  return block;
}

function addToBlock<T>(spec: FieldSpec<T>, block: Block, x: T): void {
  for (const k in spec.counts) (block as Counts)[k]! += spec.counts[k]!(x);
  for (const k in spec.moments) addMoment(block[k] as Moments, spec.moments[k]!(x));
  for (const k in spec.histograms) {
    const v = spec.histograms[k]!.of(x);
    if (v !== null) addToHistogram(block[k] as Histogram, v);
  }
}

function mergeBlock<T>(spec: FieldSpec<T>, into: Block, from: Block): void {
  for (const k in spec.counts) (into as Counts)[k]! += (from as Counts)[k]!;
  for (const k in spec.moments) mergeMoments(into[k] as Moments, from[k] as Moments);
  for (const k in spec.histograms) mergeHistogram(into[k] as Histogram, from[k] as Histogram);
}

/** Resolution of the per-visit histograms of an arm's mean score: 0.1 scale points. */
const VISIT_BIN = 0.1;

/** One arm at one visit: ratings counted and the distribution over trials of the arm's mean score. */
interface VisitPartial {
  rated: number;
  mean: Moments;
  hist: Histogram;
}

/** Everything a summary needs, for a contiguous block of trials. */
export type SummaryPartial = { -readonly [K in keyof typeof TRIAL_COUNTS]: number } & {
  arms: Record<string, ArmPartial>;
  comparisons: Record<string, ComparisonPartial>;
  /** Per arm, per visit id (in visit order as first seen). */
  visits: Record<string, Record<string, VisitPartial & { day: number }>>;
};

export function newPartial(armIds: readonly string[], comparisonArms: readonly string[]): SummaryPartial {
  const p = { arms: {}, comparisons: {}, visits: {} } as SummaryPartial;
  for (const id of armIds) p.visits[id] = {};
  for (const k of Object.keys(TRIAL_COUNTS)) (p as unknown as Counts)[k] = 0;
  for (const id of armIds) p.arms[id] = newBlock(ARM_FIELDS) as unknown as ArmPartial;
  for (const id of comparisonArms) p.comparisons[id] = newBlock(COMPARISON_FIELDS) as unknown as ComparisonPartial;
  return p;
}

function visitSlot(p: SummaryPartial, armId: string, id: string, day: number): VisitPartial {
  const byVisit = p.visits[armId]!;
  return (byVisit[id] ??= { day, rated: 0, mean: newMoments(), hist: newHistogram(VISIT_BIN) });
}

export function addTrial(p: SummaryPartial, r: TrialTally): void {
  for (const k in TRIAL_COUNTS) (p as unknown as Counts)[k]! += TRIAL_COUNTS[k as keyof typeof TRIAL_COUNTS](r);
  for (const a of r.arms) {
    addToBlock(ARM_FIELDS, p.arms[a.armId] as unknown as Block, a);
    for (const v of a.visits) {
      const slot = visitSlot(p, a.armId, v.id, v.day);
      slot.rated += v.rated;
      addMoment(slot.mean, v.meanScore);
      if (v.meanScore !== null) addToHistogram(slot.hist, v.meanScore);
    }
  }
  for (const c of r.comparisons) addToBlock(COMPARISON_FIELDS, p.comparisons[c.armId] as unknown as Block, c);
}

/** Merge `from` into `into` (call in chunk order). */
export function mergePartial(into: SummaryPartial, from: SummaryPartial): void {
  for (const k in TRIAL_COUNTS) (into as unknown as Counts)[k]! += (from as unknown as Counts)[k]!;
  for (const [id, a] of Object.entries(from.arms)) mergeBlock(ARM_FIELDS, into.arms[id] as unknown as Block, a as unknown as Block);
  for (const [id, c] of Object.entries(from.comparisons)) mergeBlock(COMPARISON_FIELDS, into.comparisons[id] as unknown as Block, c as unknown as Block);
  for (const [armId, byVisit] of Object.entries(from.visits)) {
    for (const [id, v] of Object.entries(byVisit)) {
      const slot = visitSlot(into, armId, id, v.day);
      slot.rated += v.rated;
      mergeMoments(slot.mean, v.mean);
      mergeHistogram(slot.hist, v.hist);
    }
  }
}

export interface DistributionSummary {
  readonly mean: number | null;
  readonly sd: number | null;
  /** Monte Carlo standard error of the mean. */
  readonly mcse: number | null;
  readonly quantiles: Readonly<Record<"p025" | "p05" | "p25" | "p50" | "p75" | "p95" | "p975", number | null>>;
}

export interface ArmSummary {
  readonly id: string;
  /** Participants randomized per trial, on average. */
  readonly n: number;
  /** Mean change from baseline at the endpoint, pooled over every analysed participant. */
  readonly meanChange: number | null;
  /** Typical within-trial SD of change (mean over trials). */
  readonly sdChange: number | null;
  /** SD across trials of the arm's mean change (how much one trial's arm mean varies). */
  readonly sdOfTrialMeanChange: number | null;
  readonly responseRate: number | null;
  readonly lossOfDiagnosisRate: number | null;
  readonly remissionRate: number | null;
  readonly dropoutRate: number | null;
  /** Share of supplemental doses offered that a monitoring rule withheld. */
  readonly supplementalWithheldRate: number | null;
  /** Distribution over trials of the arm's mean change (what one trial of this design would show). */
  readonly meanChangeDistribution: DistributionSummary;
  /** Distribution over trials of the arm's response rate. */
  readonly responseRateDistribution: DistributionSummary;
  /** Share of those randomized who stopped treatment but stayed for assessments. */
  readonly retrievedDropoutRate: number | null;
  /** What participants, therapists and raters guessed, over every simulated participant still in the trial at unblinding. */
  readonly blinding: { readonly participant: GuessSummary; readonly therapist: GuessSummary; readonly rater: GuessSummary };
  /** Each post-baseline visit: ratings per trial and the distribution over trials of the arm's mean CAPS (for trajectories). */
  readonly visits: readonly VisitSummary[];
}

/** Guesses of one group of guessers for one arm. */
export interface GuessSummary {
  /** Shares of the guesses: experimental arm, control arm, don't know. */
  readonly guessedTreated: number | null;
  readonly guessedControl: number | null;
  readonly dontKnow: number | null;
  /** Share guessing the arm correctly (don't know counts as not correct). */
  readonly correct: number | null;
  /** Bang's blinding index of the arm over all simulated guesses: 0 random guessing, 1 (treated) or −1 (control) complete unblinding. */
  readonly bangIndex: number | null;
}

export interface VisitSummary {
  readonly id: string;
  readonly day: number;
  readonly ratedPerTrial: number;
  readonly meanScore: DistributionSummary;
}

export interface ComparisonSummary {
  readonly armId: string;
  readonly controlArmId: string;
  /** Share of trials in which this comparison met the success rule. */
  readonly power: ProportionEstimate;
  /** Share with the primary test significant in either direction. */
  readonly rejectionRate: ProportionEstimate;
  /** Difference in mean change (treated − control), by Welch's estimate. */
  readonly difference: DistributionSummary;
  /** Hedges' g (treated − control; negative favours treatment). */
  readonly hedgesG: DistributionSummary;
  readonly meanRiskDifference: number | null;
  /** James' blinding index over all simulated guesses of the two arms (1 complete blinding, 0.5 random, 0 complete unblinding). */
  readonly jamesIndex: { readonly participant: number | null; readonly therapist: number | null; readonly rater: number | null };
  /** Share of trials whose MMRM (the primary analysis) could not be fitted, so ANCOVA decided. */
  readonly mmrmFallbackRate: number | null;
}

/**
 * A run's summary over the trials completed (`summary` of a TrialsRun): power and the rejection
 * rate, each with its Monte Carlo SE and Wilson interval, then each arm's outcomes and each
 * comparison with the control arm, averaged or distributed over the trials.
 */
export interface TrialsSummary {
  readonly trials: number;
  readonly arms: readonly ArmSummary[];
  readonly comparisons: readonly ComparisonSummary[];
  /** Share of trials meeting the success rule, with its Monte Carlo SE and Wilson interval. */
  readonly power: ProportionEstimate;
  readonly rejectionRate: ProportionEstimate;
  readonly screenFailuresPerTrial: number;
}

function momentsSummary(m: Moments): { mean: number | null; sd: number | null; mcse: number | null } {
  if (m.n === 0) return { mean: null, sd: null, mcse: null };
  const mean = m.sum / m.n;
  const v = m.n > 1 ? Math.max(0, (m.sumSq - m.n * mean * mean) / (m.n - 1)) : null;
  return { mean, sd: v === null ? null : Math.sqrt(v), mcse: v === null ? null : Math.sqrt(v / m.n) };
}

export function distributionSummary(m: Moments, h: Histogram, exact?: Float64Array): DistributionSummary {
  const probs = { p025: 0.025, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p975: 0.975 } as const;
  const sorted = exact ? Float64Array.from(exact).sort() : undefined;
  const q = (p: number): number | null => {
    if (sorted) return sorted.length === 0 ? null : quantileSorted(sorted, p);
    return histogramQuantile(h, p, m);
  };
  const quantiles = Object.fromEntries(Object.entries(probs).map(([k, p]) => [k, q(p)])) as DistributionSummary["quantiles"];
  return { ...momentsSummary(m), quantiles };
}

type Guesser = "participant" | "therapist" | "rater";
const GUESSERS: readonly Guesser[] = ["participant", "therapist", "rater"];

function guessCountsOf(a: ArmPartial, who: Guesser): GuessCounts {
  const c = a as unknown as Counts;
  return { guessedTreated: c[`${who}GuessedTreated`]!, guessedControl: c[`${who}GuessedControl`]!, dontKnow: c[`${who}DontKnow`]! };
}

/** An arm's guesses of one kind: shares, share correct, and Bang's index against the control arm's guesses. */
function guessSummary(arm: ArmPartial, control: ArmPartial, isControl: boolean, who: Guesser): GuessSummary {
  const g = guessCountsOf(arm, who);
  const n = g.guessedTreated + g.guessedControl + g.dontKnow;
  if (n === 0) return { guessedTreated: null, guessedControl: null, dontKnow: null, correct: null, bangIndex: null };
  const table = isControl ? { treated: g, control: g } : { treated: g, control: guessCountsOf(control, who) };
  const bang = bangBlindingIndex(table);
  return {
    guessedTreated: g.guessedTreated / n,
    guessedControl: g.guessedControl / n,
    dontKnow: g.dontKnow / n,
    correct: (isControl ? g.guessedControl : g.guessedTreated) / n,
    bangIndex: (isControl ? bang.control : bang.treated)?.estimate ?? null,
  };
}

function visitSummaries(p: SummaryPartial, armId: string): VisitSummary[] {
  return Object.entries(p.visits[armId] ?? {})
    .map(([id, v]) => ({ id, day: v.day, ratedPerTrial: p.trials > 0 ? v.rated / p.trials : 0, meanScore: distributionSummary(v.mean, v.hist) }))
    .sort((a, b) => a.day - b.day);
}

/**
 * Turn a merged partial into the summary. With `rows` (all trial results kept), effect
 * quantiles are exact (type 7); without, they come from the histograms (0.01-point and 0.001-g
 * resolution).
 */
export function finalizeSummary(p: SummaryPartial, controlArmId: string, rows?: readonly TrialResult[], confLevel = 0.95): TrialsSummary {
  const controlPartial = p.arms[controlArmId]!;
  const arms: ArmSummary[] = Object.entries(p.arms).map(([id, a]) => {
    const sdOfMeans = momentsSummary(a.meanChange).sd;
    const armValues = (f: (x: TrialResult["arms"][number]) => number | null) =>
      rows ? Float64Array.from(rows.flatMap((r) => r.arms.filter((x) => x.armId === id).map(f).filter((v): v is number => v !== null))) : undefined;
    return {
      id,
      n: p.trials > 0 ? a.randomized / p.trials : 0,
      meanChange: a.analysed > 0 ? a.changeSum / a.analysed : null,
      sdChange: momentsSummary(a.sdChange).mean,
      sdOfTrialMeanChange: sdOfMeans,
      responseRate: a.analysed > 0 ? a.responders / a.analysed : null,
      lossOfDiagnosisRate: a.analysed > 0 ? a.lostDiagnosis / a.analysed : null,
      remissionRate: a.analysed > 0 ? a.remissions / a.analysed : null,
      dropoutRate: a.randomized > 0 ? a.dropouts / a.randomized : null,
      supplementalWithheldRate: a.supplementalOffered > 0 ? a.supplementalWithheld / a.supplementalOffered : null,
      meanChangeDistribution: distributionSummary(a.meanChange, a.meanChangeHist, armValues((x) => x.meanChange)),
      responseRateDistribution: distributionSummary(a.responseRate, a.responseRateHist, armValues((x) => x.responseRate)),
      retrievedDropoutRate: a.randomized > 0 ? a.retrievedDropouts / a.randomized : null,
      blinding: {
        participant: guessSummary(a, controlPartial, id === controlArmId, "participant"),
        therapist: guessSummary(a, controlPartial, id === controlArmId, "therapist"),
        rater: guessSummary(a, controlPartial, id === controlArmId, "rater"),
      },
      visits: visitSummaries(p, id),
    };
  });
  const comparisons: ComparisonSummary[] = Object.entries(p.comparisons).map(([id, c]) => {
    const exactDiff = rows ? Float64Array.from(rows.flatMap((r) => r.comparisons.filter((x) => x.armId === id && x.welch).map((x) => x.welch!.estimate))) : undefined;
    const exactG = rows ? Float64Array.from(rows.flatMap((r) => r.comparisons.filter((x) => x.armId === id && x.effectSize).map((x) => x.effectSize!.g))) : undefined;
    return {
      armId: id,
      controlArmId,
      power: proportionEstimate(c.successes, p.trials, confLevel),
      rejectionRate: proportionEstimate(c.significant, p.trials, confLevel),
      difference: distributionSummary(c.difference, c.differenceHist, exactDiff),
      hedgesG: distributionSummary(c.g, c.gHist, exactG),
      meanRiskDifference: momentsSummary(c.riskDifference).mean,
      jamesIndex: Object.fromEntries(GUESSERS.map((who) => [who, jamesBlindingIndex({ treated: guessCountsOf(p.arms[id]!, who), control: guessCountsOf(controlPartial, who) })?.estimate ?? null])) as ComparisonSummary["jamesIndex"],
      mmrmFallbackRate: p.trials > 0 ? c.mmrmFallbacks / p.trials : null,
    };
  });
  return {
    trials: p.trials,
    arms,
    comparisons,
    power: proportionEstimate(p.successes, p.trials, confLevel),
    rejectionRate: proportionEstimate(p.rejections, p.trials, confLevel),
    screenFailuresPerTrial: p.trials > 0 ? p.screenFailures / p.trials : 0,
  };
}
