/**
 * The calibration's checks: the fit table (each published figure against fresh simulated trials of
 * its design, replicated with the trial's own posterior effects) and the leave-one-trial-out
 * forecasts (the held-out trial forecast as a new trial from the posterior without it).
 */
import type { Parameters } from "../params/table.js";
import { childSeed, createRoot, type Seed } from "../random/rng.js";
import { quantileSorted } from "../analysis/descriptive.js";
import { sampleTrialEffects, type TrialEffects } from "../outcomes/efficacy.js";
import type { Protocol } from "../protocol/schema.js";
import { cacheTrial, replicatesSeed } from "./cache.js";
import { createSummaryEvaluator, type SummaryItem } from "./summaries.js";
import type { TargetTrial } from "./targets.js";
import type { CalibrationResult, Prepared } from "./calibrate.js";

/** Round to 6 significant digits (the precision results are written with). */
export const round6 = (x: number) => Number(x.toPrecision(6));

/** Posterior draws as a result holds them. */
type Draws = CalibrationResult["draws"];

export interface FitRow {
  readonly target: string;
  readonly trial: string;
  readonly arm: string;
  readonly timepoint: string;
  readonly statistic: string;
  readonly published: number;
  readonly simulatedMean: number;
  readonly p05: number;
  readonly p95: number;
  /** Where the published value falls among simulated trials (0-100; mid-rank for ties). */
  readonly percentile: number;
  readonly inside: boolean;
}

export interface LeaveOneOutRow {
  readonly trial: string;
  readonly result: string;
  readonly published: number;
  readonly forecastMedian: number;
  readonly p05: number;
  readonly p95: number;
  readonly percentile: number;
  readonly inside: boolean;
}

/** A published value against simulated values: their mean, 5-95% range, and its percentile. */
function placeAmong(values: readonly number[], published: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const p05 = quantileSorted(sorted, 0.05);
  const p95 = quantileSorted(sorted, 0.95);
  return {
    mean: round6(values.reduce((a, b) => a + b, 0) / values.length),
    median: round6(quantileSorted(sorted, 0.5)),
    p05: round6(p05),
    p95: round6(p95),
    percentile: round6(percentileOf(values, published)),
    inside: published >= p05 && published <= p95,
  };
}

function percentileOf(values: readonly number[], x: number): number {
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + 0.5 * equal)) / values.length;
}

/**
 * Simulated values of `items` over `trials` replicate trials of a design, trial t under
 * `paramsFor(t)`: the calibration's exact replay of fresh replicate trials (a run of the
 * simulator with the same seed and draws gives the same numbers). Returns values[item][trial].
 */
function predictiveValues(protocol: Protocol, items: readonly SummaryItem[], reference: Parameters, seed: Seed, trials: number, paramsFor: (t: number) => { params: Parameters; effects: TrialEffects }): number[][] {
  const cache = cacheTrial(protocol, reference, seed, trials);
  const evaluate = createSummaryEvaluator(cache, items);
  const buffer = new Float64Array(items.length);
  const values: number[][] = items.map(() => []);
  for (let t = 0; t < trials; t++) {
    const { params, effects } = paramsFor(t);
    evaluate.replicate(t, params, effects, buffer);
    for (let j = 0; j < items.length; j++) if (Number.isFinite(buffer[j]!)) values[j]!.push(buffer[j]!);
  }
  return values;
}

/** Each draw's parameters resolved once over the reference set. */
export function resolvedDraws(draws: Draws, reference: Parameters): Parameters[] {
  return draws.map((d) => ({ ...reference, ...d.parameters }) as Parameters);
}

/**
 * A trial's rows of the fit table: each of its published figures against fresh simulated trials of its design, trial t
 * with posterior draw t mod D and the trial's own posterior effects in that draw (dropout at its
 * posterior median, as in the replicates the likelihood uses).
 */
export function fitRows(p: Prepared, params: readonly Parameters[], draws: Draws, reference: Parameters, seed: Seed, checkTrials: number): FitRow[] {
  const trialId = p.trial.id;
  const values = predictiveValues(p.cache.protocol, p.items, reference, childSeed(seed, "fit"), checkTrials, (t) => ({ params: params[t % params.length]!, effects: draws[t % draws.length]!.effects[trialId]! }));
  return p.items.map((it, j) => {
    const place = placeAmong(values[j]!, it.observed);
    return { target: it.label, trial: trialId, arm: it.arm, timepoint: it.timepoint, statistic: it.kind, published: it.observed, simulatedMean: place.mean, p05: place.p05, p95: place.p95, percentile: place.percentile, inside: place.inside };
  });
}

/** A held-out trial's main results: the top dose's endpoint difference from control, and its response share, each as summary items with their published values. */
function mainResults(trial: TargetTrial): { label: string; value: number; items: SummaryItem[]; combine: (v: readonly number[]) => number }[] {
  const primary = trial.timepoints.find((t) => t.primary && !t.postCrossover)!.id;
  const control = trial.arms.reduce((a, b) => (b.initialMg < a.initialMg ? b : a));
  const top = trial.arms.reduce((a, b) => (b.initialMg > a.initialMg ? b : a));
  const end = (arm: string) => trial.outcomes.find((o) => o.arm === arm && o.timepoint === primary && o.measure === "endpoint");
  const item = (arm: string, timepoint: string, kind: SummaryItem["kind"]): SummaryItem => ({ label: `${trial.id}/${arm}/${timepoint}/${kind}`, timepoint, arm, kind, observed: Number.NaN, n: 0, floorVariance: 0 });
  const out: { label: string; value: number; items: SummaryItem[]; combine: (v: readonly number[]) => number }[] = [];
  const et = end(top.id);
  const ec = end(control.id);
  if (et && ec && et.measure === "endpoint" && ec.measure === "endpoint") {
    out.push({ label: `${top.id} minus ${control.id}, mean CAPS at ${primary}`, value: et.mean - ec.mean, items: [item(top.id, primary, "endpoint-mean"), item(control.id, primary, "endpoint-mean")], combine: (v) => v[0]! - v[1]! });
  }
  // The response share at the primary time point, or at the time point the trial reported it.
  const responses = trial.outcomes.filter((o) => o.arm === top.id && o.measure === "response" && !trial.timepoints.find((t) => t.id === o.timepoint)!.postCrossover);
  const resp = responses.find((o) => o.timepoint === primary) ?? responses[responses.length - 1];
  if (resp && resp.measure === "response") {
    out.push({ label: `${top.id} responders at ${resp.timepoint}`, value: resp.events / resp.n, items: [item(top.id, resp.timepoint, "response")], combine: (v) => v[0]! });
  }
  return out;
}

/**
 * Forecast a held-out trial as a new trial: trial t takes posterior draw t mod D of the
 * calibration without it and a new trial's effects from the between-trial distribution, drawn
 * as the simulator draws them (stream ["trial", t, "trial-effects"] under the forecast's seed).
 */
export function leaveOneOutRows(held: Prepared, draws: Draws, reference: Parameters, seed: Seed, checkTrials: number): LeaveOneOutRow[] {
  const params = resolvedDraws(draws, reference);
  const forecastSeed = childSeed(seed, "loo");
  const effectsRoot = createRoot(replicatesSeed(forecastSeed, held.cache.protocol.id));
  return mainResults(held.trial).map((result) => {
    const values = predictiveValues(held.cache.protocol, result.items, reference, forecastSeed, checkTrials, (t) => {
      const p = params[t % params.length]!;
      return { params: p, effects: sampleTrialEffects(effectsRoot, t, p) };
    });
    const combined = values[0]!.map((_, t) => result.combine(values.map((v) => v[t]!))).filter(Number.isFinite);
    const place = placeAmong(combined, result.value);
    return { trial: held.trial.id, result: result.label, published: round6(result.value), forecastMedian: place.median, p05: place.p05, p95: place.p95, percentile: place.percentile, inside: place.inside };
  });
}

