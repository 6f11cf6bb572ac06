/**
 * The summary statistics the calibration matches: for each published arm and time point, the
 * mean and SD of the CAPS total and of its change from baseline, and the shares of responders
 * and of participants who lost the diagnosis, as published. Simulated replicates give the same
 * statistics from the cached trials under any efficacy parameters.
 */
import type { Parameters } from "../params/table.js";
import { outcomeModel, lostDiagnosis, type TrialEffects } from "../outcomes/efficacy.js";
import { drugFraction, responseTest, logReductionOf, observedRating, relapseDayAfter, relapseShift, severityFromLog, trendAfter, trueBaseline, type OutcomeModel } from "../outcomes/model.js";
import type { CachedTrial } from "./cache.js";
import type { TargetSet, TargetTrial, TargetOutcome } from "./targets.js";
import type { Protocol } from "../protocol/schema.js";

export type SummaryKind = "endpoint-mean" | "endpoint-sd" | "change-mean" | "change-sd" | "response" | "loss-of-diagnosis";

export interface SummaryItem {
  readonly label: string;
  readonly timepoint: string;
  /** An arm id, or ALL_ARMS for a figure pooled over arms (a follow-up of everyone treated). */
  readonly arm: string;
  readonly kind: SummaryKind;
  /** The published value (a proportion for counts). */
  readonly observed: number;
  /** Published n for the record. */
  readonly n: number;
  /** Variance added to the simulated covariance: the published value's rounding (0.1 points) or, for counts, half a count. */
  readonly floorVariance: number;
}

/** The arm of a figure pooled over all arms. */
export const ALL_ARMS = "*";

export interface SummarySelection {
  /** Records left out, with the reason (recorded in the calibration's output). */
  readonly excluded: readonly { readonly record: string; readonly reason: string }[];
  readonly items: readonly SummaryItem[];
}

/**
 * Which published records a trial contributes. Records after an open-label crossover are kept:
 * the protocol's openLabel phases simulate the crossover as it was run. Left out: MP-1's
 * "remission" counts, identical to its response counts and of uncertain meaning (they would
 * count the same ten participants twice); and the MP-2 25 mg change at the primary time point,
 * inconsistent with that arm's endpoint mean (see seeds/).
 */
export function selectSummaries(trial: TargetTrial): SummarySelection {
  const excluded: { record: string; reason: string }[] = [];
  const items: SummaryItem[] = [];
  const tp = new Map(trial.timepoints.map((t) => [t.id, t]));
  const label = (o: TargetOutcome) => `${trial.id}/${o.arm}/${o.timepoint}/${o.measure}`;
  for (const o of trial.outcomes) {
    if (trial.id === "mp1" && o.measure === "loss-of-diagnosis") {
      excluded.push({ record: label(o), reason: "same counts as MP-1's response, meaning uncertain; counting them again would double the weight of the same participants" });
      continue;
    }
    if (o.note && o.measure === "change") {
      excluded.push({ record: label(o), reason: "inconsistent with the same arm's endpoint mean (sign or transcription error); the endpoint record is kept" });
      continue;
    }
    const base = { timepoint: o.timepoint, arm: o.arm, n: o.n };
    if (o.measure === "endpoint" || o.measure === "change") {
      const rounding = 0.1 ** 2 / 12;
      items.push({ ...base, label: `${label(o)}:mean`, kind: `${o.measure}-mean`, observed: o.mean, floorVariance: rounding });
      items.push({ ...base, label: `${label(o)}:sd`, kind: `${o.measure}-sd`, observed: o.sd, floorVariance: rounding });
    } else {
      items.push({ ...base, label: label(o), kind: o.measure, observed: o.events / o.n, floorVariance: (0.5 / o.n) ** 2 });
    }
  }
  return { excluded, items };
}

/**
 * A long-term follow-up of everyone treated (MP-1's: 16 of 19 MDMA-treated, placebo crossovers
 * included, at a mean 45 months): the mean and SD of CAPS at the protocol's last follow-up
 * assessment, pooled over arms. None when the targets have no such follow-up for the trial or
 * the protocol has no follow-up assessment.
 */
export function longTermFollowUpItems(targets: TargetSet, trialId: string, protocol: Protocol): SummaryItem[] {
  const f = targets.followUp.find((x) => x.trial === trialId && x.kind === "relapse");
  const visit = [...protocol.schedule.assessments].filter((a) => a.kind === "follow-up").sort((a, b) => b.day - a.day)[0];
  if (!f || f.kind !== "relapse" || !visit) return [];
  const rounding = 0.1 ** 2 / 12;
  const base = { timepoint: visit.id, arm: ALL_ARMS, n: f.nAssessed };
  return [
    { ...base, label: `${trialId}/all/${visit.id}/endpoint:mean`, kind: "endpoint-mean", observed: f.capsAtFollowUp.mean, floorVariance: rounding },
    { ...base, label: `${trialId}/all/${visit.id}/endpoint:sd`, kind: "endpoint-sd", observed: f.capsAtFollowUp.sd, floorVariance: rounding },
  ];
}

/** Sample SD from a sum and a sum of squares (NaN below two observations). */
function sdFromSums(sum: number, sumSq: number, n: number): number {
  return n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : Number.NaN;
}

/** Running sums of one (visit, arm) cell over a replicate. */
class CellSums {
  readonly n: Float64Array;
  readonly sumEnd: Float64Array;
  readonly sumEnd2: Float64Array;
  readonly sumChange: Float64Array;
  readonly sumChange2: Float64Array;
  readonly responders: Float64Array;
  readonly lost: Float64Array;
  constructor(cells: number) {
    this.n = new Float64Array(cells);
    this.sumEnd = new Float64Array(cells);
    this.sumEnd2 = new Float64Array(cells);
    this.sumChange = new Float64Array(cells);
    this.sumChange2 = new Float64Array(cells);
    this.responders = new Float64Array(cells);
    this.lost = new Float64Array(cells);
  }
  reset(): void {
    for (const a of [this.n, this.sumEnd, this.sumEnd2, this.sumChange, this.sumChange2, this.responders, this.lost]) a.fill(0);
  }
  add(cell: number, score: number, change: number, responder: boolean, lost: boolean): void {
    this.n[cell] = this.n[cell]! + 1;
    this.sumEnd[cell] = this.sumEnd[cell]! + score;
    this.sumEnd2[cell] = this.sumEnd2[cell]! + score * score;
    this.sumChange[cell] = this.sumChange[cell]! + change;
    this.sumChange2[cell] = this.sumChange2[cell]! + change * change;
    if (responder) this.responders[cell] = this.responders[cell]! + 1;
    if (lost) this.lost[cell] = this.lost[cell]! + 1;
  }
  statistic(kind: SummaryKind, c: number): number {
    const m = this.n[c]!;
    switch (kind) {
      case "endpoint-mean":
        return m > 0 ? this.sumEnd[c]! / m : Number.NaN;
      case "endpoint-sd":
        return sdFromSums(this.sumEnd[c]!, this.sumEnd2[c]!, m);
      case "change-mean":
        return m > 0 ? this.sumChange[c]! / m : Number.NaN;
      case "change-sd":
        return sdFromSums(this.sumChange[c]!, this.sumChange2[c]!, m);
      case "response":
        return m > 0 ? this.responders[c]! / m : Number.NaN;
      default:
        return m > 0 ? this.lost[c]! / m : Number.NaN;
    }
  }
}

/** For each (visit, arm) the cell index it feeds (−1: none), and the pooled cell of each visit. */
function cellIndex(cache: CachedTrial, items: readonly SummaryItem[]): { byVisitArm: Int32Array; pooled: Int32Array; itemCell: Int32Array; cells: number } {
  const visitIndex = new Map(cache.visits.map((v, i) => [v.id, i]));
  const arms = cache.armIds.length;
  const byVisitArm = new Int32Array(cache.visits.length * arms).fill(-1);
  const pooled = new Int32Array(cache.visits.length).fill(-1);
  const keys = new Map<string, number>();
  const itemCell = new Int32Array(items.length);
  items.forEach((it, j) => {
    const key = `${it.timepoint}|${it.arm}`;
    let c = keys.get(key);
    if (c === undefined) {
      c = keys.size;
      keys.set(key, c);
      const v = visitIndex.get(it.timepoint)!;
      if (it.arm === ALL_ARMS) pooled[v] = c;
      else byVisitArm[v * arms + cache.armIds.indexOf(it.arm)] = c;
    }
    itemCell[j] = c;
  });
  return { byVisitArm, pooled, itemCell, cells: keys.size };
}

/**
 * The visits a set of items needs, copied in participant order into contiguous columns: visits
 * feeding a cell, and the primary visit (a responder there can relapse before a later one).
 * Other visits change nothing and are left out. Participant p's visits are start[p] .. start[p + 1] − 1.
 */
interface ActiveVisits {
  readonly start: Int32Array;
  readonly day: Float64Array;
  readonly daysSinceUnblinding: Float64Array;
  readonly therapyHours: Float64Array;
  readonly beliefChange: Float64Array;
  readonly zError: Float64Array;
  readonly raterBias: Float64Array;
  readonly primary: Uint8Array;
  /** The cells a rating on treatment feeds (−1: none): the arm's own and the pooled one. */
  readonly ownCell: Int32Array;
  readonly pooledCell: Int32Array;
  readonly drugStart: Int32Array;
  readonly drugSession: Int32Array;
  readonly drugRamp: Float64Array;
  /** Some needed visit comes after the primary one: relapse matters. */
  readonly relapseMatters: boolean;
}

function activeVisits(cache: CachedTrial, cells: ReturnType<typeof cellIndex>): ActiveVisits {
  const arms = cache.armIds.length;
  const participants = cache.arm.length;
  const start = new Int32Array(participants + 1);
  const picked: number[] = [];
  const own: number[] = [];
  const pooled: number[] = [];
  const drugSession: number[] = [];
  const drugRamp: number[] = [];
  const drugStart = [0];
  let relapseMatters = false;
  for (let p = 0; p < participants; p++) {
    for (let v = cache.visitStart[p]!; v < cache.visitStart[p + 1]!; v++) {
      const visit = cache.visit[v]!;
      const treated = cache.onTreatment[v] === 1;
      const o = treated ? cells.byVisitArm[visit * arms + cache.arm[p]!]! : -1;
      const a = treated ? cells.pooled[visit]! : -1;
      if (visit !== cache.primaryVisit && o < 0 && a < 0) continue;
      if (visit > cache.primaryVisit) relapseMatters = true;
      picked.push(v);
      own.push(o);
      pooled.push(a);
      for (let j = cache.drugStart[v]!; j < cache.drugStart[v + 1]!; j++) {
        drugSession.push(cache.drugSession[j]!);
        drugRamp.push(cache.drugRamp[j]!);
      }
      drugStart.push(drugSession.length);
    }
    start[p + 1] = picked.length;
  }
  const column = (from: Float64Array) => Float64Array.from(picked, (v) => from[v]!);
  return {
    start,
    day: column(cache.day),
    daysSinceUnblinding: column(cache.daysSinceUnblinding),
    therapyHours: column(cache.therapyHours),
    beliefChange: column(cache.beliefChange),
    zError: column(cache.zError),
    raterBias: column(cache.raterBias),
    primary: Uint8Array.from(picked, (v) => (cache.visit[v] === cache.primaryVisit ? 1 : 0)),
    ownCell: Int32Array.from(own),
    pooledCell: Int32Array.from(pooled),
    drugStart: Int32Array.from(drugStart),
    drugSession: Int32Array.from(drugSession),
    drugRamp: Float64Array.from(drugRamp),
    relapseMatters,
  };
}

/**
 * Replay participants first .. last − 1 under outcome model `m`, adding each rating the items
 * need to its cells. The arithmetic is the outcome model's own (outcomes/model.ts), in its order.
 */
function replayParticipants(m: OutcomeModel, cache: CachedTrial, first: number, last: number, fractions: Float64Array, av: ActiveVisits, sums: CellSums): void {
  const responder = responseTest(cache.protocol.endpoints.response);
  const endpoints = cache.protocol.endpoints;
  const { start, day, daysSinceUnblinding, therapyHours, beliefChange, zError, raterBias, primary, ownCell, pooledCell, drugStart, drugSession, drugRamp, relapseMatters } = av;
  const { observedBaseline, zTrueBaseline, zResponsiveness, sessionStart, sessionLogAuc, uRelapse } = cache;
  const sigmaE = m.measurementErrorSd;
  const scaleMax = m.scaleMax;
  const responsivenessSd = m.responsivenessSd;
  for (let p = first; p < last; p++) {
    const baseline = observedBaseline[p]!;
    const t0 = trueBaseline(m, baseline, zTrueBaseline[p]!);
    const responsiveness = Math.exp(responsivenessSd * zResponsiveness[p]!);
    const s0 = sessionStart[p]!;
    const sessions = sessionStart[p + 1]! - s0;
    for (let s = 0; s < sessions; s++) fractions[s] = drugFraction(m, sessionLogAuc[s0 + s]!);
    let primaryTrue = Number.NaN;
    let relapseDay = Number.POSITIVE_INFINITY;
    const end = start[p + 1]!;
    for (let v = start[p]!; v < end; v++) {
      let drug = 0;
      const dEnd = drugStart[v + 1]!;
      for (let j = drugStart[v]!; j < dEnd; j++) drug += fractions[drugSession[j]!]! * drugRamp[j]!;
      let t = severityFromLog(m, t0, logReductionOf(m, responsiveness, therapyHours[v]!, drug, beliefChange[v]!, trendAfter(m, daysSinceUnblinding[v]!)));
      if (day[v]! >= relapseDay) t = Math.min(scaleMax, t + relapseShift(m, t0, primaryTrue));
      const score = observedRating(scaleMax, t + sigmaE * zError[v]! + raterBias[v]!);
      const responded = responder(baseline, score);
      if (primary[v] === 1) {
        primaryTrue = t;
        if (relapseMatters && responded) relapseDay = relapseDayAfter(m, day[v]!, uRelapse[p]!);
      }
      const own = ownCell[v]!;
      const all = pooledCell[v]!;
      if (own < 0 && all < 0) continue;
      const lost = lostDiagnosis(endpoints, score);
      const change = score - baseline;
      if (own >= 0) sums.add(own, score, change, responded, lost);
      if (all >= 0) sums.add(all, score, change, responded, lost);
    }
  }
}

/** Evaluates a trial's summaries on its cached replicates (see createSummaryEvaluator). */
export interface SummaryEvaluator {
  /** The K × d matrix (row-major) of every replicate's summaries. */
  (params: Parameters, effects: TrialEffects, out?: Float64Array): Float64Array;
  /** Replicate k's d summaries alone (for predictive checks with one parameter draw per replicate). */
  replicate(k: number, params: Parameters, effects: TrialEffects, out: Float64Array): Float64Array;
}

/**
 * A fast evaluator of the simulated summaries of one trial under any calibrated parameters and
 * trial effects. The numbers are exactly those of the full simulator on the same seed.
 */
export function createSummaryEvaluator(cache: CachedTrial, items: readonly SummaryItem[]): SummaryEvaluator {
  const K = cache.replicates;
  const d = items.length;
  const cells = cellIndex(cache, items);
  const sums = new CellSums(cells.cells);
  const kinds = items.map((it) => it.kind);
  const { protocol, setting } = cache;
  const population = { mu: setting.population.enrolled.mu, sigma: setting.population.enrolled.sigma };
  const active = activeVisits(cache, cells);
  let maxSessions = 0;
  for (let p = 0; p < cache.arm.length; p++) maxSessions = Math.max(maxSessions, cache.sessionStart[p + 1]! - cache.sessionStart[p]!);
  const fractions = new Float64Array(maxSessions);
  const one = (m: OutcomeModel, k: number, out: Float64Array, offset: number) => {
    sums.reset();
    replayParticipants(m, cache, cache.replicateStart[k]!, cache.replicateStart[k + 1]!, fractions, active, sums);
    for (let j = 0; j < d; j++) out[offset + j] = sums.statistic(kinds[j]!, cells.itemCell[j]!);
  };
  const all = (params: Parameters, effects: TrialEffects, out: Float64Array = new Float64Array(K * d)): Float64Array => {
    const m = outcomeModel(params, protocol, setting.blinding, population, effects);
    for (let k = 0; k < K; k++) one(m, k, out, k * d);
    return out;
  };
  return Object.assign(all, {
    replicate(k: number, params: Parameters, effects: TrialEffects, out: Float64Array): Float64Array {
      one(outcomeModel(params, protocol, setting.blinding, population, effects), k, out, 0);
      return out;
    },
  });
}
