/**
 * The summary statistics the calibration matches: for each published arm and time point, the
 * mean and SD of the CAPS total and of its change from baseline, and the shares of responders
 * and of participants who lost the diagnosis, as published. Simulated replicates give the same
 * statistics from the cached trials under any efficacy parameters.
 */
import type { Parameters } from "../params/table.js";
import { efficacyModel, exposureResponse, logReductionFromRamps, onsetRamps, observedScore, isResponder, lostDiagnosis, type TrialEffects } from "../outcomes/efficacy.js";
import type { CachedTrial } from "./cache.js";
import type { TargetTrial, TargetOutcome } from "./targets.js";

export type SummaryKind = "endpoint-mean" | "endpoint-sd" | "change-mean" | "change-sd" | "response" | "loss-of-diagnosis";

export interface SummaryItem {
  readonly label: string;
  readonly timepoint: string;
  readonly arm: string;
  readonly kind: SummaryKind;
  /** The published value (a proportion for counts). */
  readonly observed: number;
  /** Published n for the record. */
  readonly n: number;
  /** Variance added to the simulated covariance: the published value's rounding (0.1 points) or, for counts, half a count. */
  readonly floorVariance: number;
}

export interface SummarySelection {
  /** Records left out, with the reason (recorded in the calibration's output). */
  readonly excluded: readonly { readonly record: string; readonly reason: string }[];
  readonly items: readonly SummaryItem[];
}

/**
 * Which published records a trial contributes. Left out: records after a crossover (not
 * randomized comparisons); MP-1's "remission" counts, identical to its response counts and of
 * uncertain meaning (they would count the same ten participants twice); and the MP-2 25 mg change
 * at the primary time point, inconsistent with that arm's endpoint mean (see seeds/).
 */
export function selectSummaries(trial: TargetTrial): SummarySelection {
  const excluded: { record: string; reason: string }[] = [];
  const items: SummaryItem[] = [];
  const tp = new Map(trial.timepoints.map((t) => [t.id, t]));
  const label = (o: TargetOutcome) => `${trial.id}/${o.arm}/${o.timepoint}/${o.measure}`;
  for (const o of trial.outcomes) {
    if (tp.get(o.timepoint)?.postCrossover) {
      excluded.push({ record: label(o), reason: "after the open-label crossover: not a randomized comparison" });
      continue;
    }
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

/** Sample SD from a sum and a sum of squares (NaN below two observations). */
function sdFromSums(sum: number, sumSq: number, n: number): number {
  return n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : Number.NaN;
}

/**
 * A fast evaluator of the simulated summaries of one trial: a K × d matrix (row-major) for
 * efficacy parameters and trial effects. Everything that does not depend on them (which
 * participants count for which arm and visit, the onset factors of each session at each visit)
 * is worked out once here. The numbers are exactly those of the full simulator.
 */
export function createSummaryEvaluator(cache: CachedTrial, items: readonly SummaryItem[], reference: Parameters) {
  const K = cache.replicates.length;
  const d = items.length;
  const protocol = cache.protocol;
  const visitIndex = new Map(cache.visits.map((v, i) => [v.id, i]));
  // The (visit, arm) cells the items need.
  const cellKeys: string[] = [];
  const cellOf = new Map<string, number>();
  for (const it of items) {
    const key = `${it.timepoint}|${it.arm}`;
    if (!cellOf.has(key)) {
      cellOf.set(key, cellKeys.length);
      cellKeys.push(key);
    }
  }
  const cellVisit = cellKeys.map((k) => visitIndex.get(k.split("|")[0]!)!);
  const cellArm = cellKeys.map((k) => cache.armIds.indexOf(k.split("|")[1]!));
  const itemCell = Int32Array.from(items.map((it) => cellOf.get(`${it.timepoint}|${it.arm}`)!));
  const itemKind = items.map((it) => it.kind);
  // Onset factors depend only on days and the (fixed, not calibrated) onset constants.
  const rampModel = efficacyModel(reference, protocol.endpoints.scale, { therapyLog: 0, drugLog: 0 });
  interface Contribution {
    readonly cell: number;
    readonly visit: number;
    readonly therapy: Float64Array;
    readonly drug: Float64Array;
  }
  const contributions: Contribution[][][] = cache.replicates.map((rep) =>
    rep.map((p) => {
      const out: Contribution[] = [];
      for (let c = 0; c < cellKeys.length; c++) {
        if (cellArm[c] !== p.arm || !p.observed[cellVisit[c]!]) continue;
        const r = onsetRamps(rampModel, cache.visits[cellVisit[c]!]!.day, p.sessionDays);
        out.push({ cell: c, visit: cellVisit[c]!, therapy: r.therapy, drug: r.drug });
      }
      return out;
    }),
  );
  const nCells = cellKeys.length;
  const n = new Float64Array(nCells);
  const sumEnd = new Float64Array(nCells);
  const sumEnd2 = new Float64Array(nCells);
  const sumChange = new Float64Array(nCells);
  const sumChange2 = new Float64Array(nCells);
  const responders = new Float64Array(nCells);
  const lost = new Float64Array(nCells);
  return (params: Parameters, effects: TrialEffects, out: Float64Array = new Float64Array(K * d)): Float64Array => {
    const model = efficacyModel(params, protocol.endpoints.scale, effects);
    const sigmaB = params["efficacy.responsivenessLogSd"];
    for (let k = 0; k < K; k++) {
      n.fill(0);
      sumEnd.fill(0);
      sumEnd2.fill(0);
      sumChange.fill(0);
      sumChange2.fill(0);
      responders.fill(0);
      lost.fill(0);
      const rep = cache.replicates[k]!;
      const con = contributions[k]!;
      for (let i = 0; i < rep.length; i++) {
        const list = con[i]!;
        if (list.length === 0) continue;
        const p = rep[i]!;
        const fractions = p.fractions;
        for (let s = 0; s < p.aucs.length; s++) fractions[s] = exposureResponse(model, p.aucs[s]!);
        const rLog = sigmaB * p.zResponsiveness;
        for (const c of list) {
          const latent = p.baseline * Math.exp(-logReductionFromRamps(model, rLog, c.therapy, c.drug, fractions));
          const score = observedScore(model, latent, p.zError[c.visit]!);
          const change = score - p.baseline;
          const cell = c.cell;
          n[cell] = n[cell]! + 1;
          sumEnd[cell] = sumEnd[cell]! + score;
          sumEnd2[cell] = sumEnd2[cell]! + score * score;
          sumChange[cell] = sumChange[cell]! + change;
          sumChange2[cell] = sumChange2[cell]! + change * change;
          if (isResponder(protocol.endpoints.response, p.baseline, score)) responders[cell] = responders[cell]! + 1;
          if (lostDiagnosis(protocol.endpoints, score)) lost[cell] = lost[cell]! + 1;
        }
      }
      for (let j = 0; j < d; j++) {
        const c = itemCell[j]!;
        const m = n[c]!;
        let v: number;
        switch (itemKind[j]) {
          case "endpoint-mean":
            v = m > 0 ? sumEnd[c]! / m : Number.NaN;
            break;
          case "endpoint-sd":
            v = sdFromSums(sumEnd[c]!, sumEnd2[c]!, m);
            break;
          case "change-mean":
            v = m > 0 ? sumChange[c]! / m : Number.NaN;
            break;
          case "change-sd":
            v = sdFromSums(sumChange[c]!, sumChange2[c]!, m);
            break;
          case "response":
            v = m > 0 ? responders[c]! / m : Number.NaN;
            break;
          default:
            v = m > 0 ? lost[c]! / m : Number.NaN;
        }
        out[k * d + j] = v;
      }
    }
    return out;
  };
}
