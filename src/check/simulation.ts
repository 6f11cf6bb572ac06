/**
 * The published result among simulated trials of its design: the preset's protocol with the
 * published n, run twice with the same seed, as a forecast (each trial draws the calibrated
 * parameters and a new trial effect) and as typical trials (the posterior medians). The plan is
 * made, and its cost checked against CHECK_OPTION_BOUNDS, before anything runs. The two runs
 * report progress as one and stop together (an AbortSignal): an interrupted comparison holds the
 * trials completed and says so.
 */
import { standardizedDifference } from "../analysis/effect-size.js";
import { quantileSorted } from "../analysis/descriptive.js";
import { proportionEstimate, type ProportionEstimate } from "../analysis/intervals.js";
import { ValidationError } from "../errors.js";
import { preset, type PresetId } from "../protocol/presets.js";
import type { Protocol } from "../protocol/schema.js";
import type { Seed } from "../random/rng.js";
import type { TrialResult } from "../trial/analyze.js";
import { simulateTrials, type TrialsRun } from "../trial/api.js";
import type { TrialDesignInput } from "../trial/design.js";
import type { Progress } from "../trial/engine.js";
import { progressAcrossRuns, type Runner } from "../trial/power-search.js";
import { calibratedDraws, defaultCalibration } from "../calibration/default.js";
import { CHECK_OPTION_BOUNDS } from "./bounds.js";
import type { PrimaryComparison } from "./context.js";
import type { Measure } from "./reported.js";
import type { PublishedResult } from "./schema.js";

/** What will be simulated: the preset's arms the published ones map onto, the sizes, the time point. */
export interface SimulationPlan {
  readonly presetId: PresetId;
  readonly protocol: Protocol;
  readonly timepoint: string;
  readonly treatedPresetArm: string;
  readonly controlPresetArm: string;
  /** Published arm id → the preset arm it is compared with. */
  readonly presetArmOf: Readonly<Record<string, string>>;
  readonly design: TrialDesignInput;
  readonly seed: Seed;
  readonly trials: number;
}

/** The two runs, with what the rules read from them. */
export interface SimulatedComparison extends SimulationPlan {
  readonly forecastRows: readonly TrialResult[];
  /** Assurance: the success rate of the forecast trials. */
  readonly forecastPower: ProportionEstimate;
  /** Power at the calibrated point estimate (typical trials); its estimate is null when none was completed. */
  readonly pointPower: ProportionEstimate;
  /** The typical trial's median difference in change, treated − control, points; null when no typical trial was completed. */
  readonly typicalDifference: number | null;
  /** True when the runs were interrupted: the fields above come from the trials completed. */
  readonly aborted: boolean;
  readonly trialsCompleted: { readonly forecast: number; readonly point: number };
  /** The forecast trials' Hedges' g on the published measure, ascending. */
  readonly simulatedG: readonly number[];
}

/** Published arms map onto the preset's arms by id; otherwise treatment = the highest dose, control = the control arm. */
function presetArms(protocol: Protocol, result: PublishedResult, primary: PrimaryComparison): { treated: string; control: string; presetArmOf: Record<string, string> } {
  const byId = (id: string) => protocol.arms.find((a) => a.id === id)?.id;
  const highestDose = protocol.arms.filter((a) => a.id !== protocol.controlArmId).reduce((a, b) => (b.sessions[0]!.initialMg > a.sessions[0]!.initialMg ? b : a)).id;
  const treated = byId(primary.treated.arm.id) ?? highestDose;
  const control = byId(primary.controlArm.id) ?? protocol.controlArmId;
  const presetArmOf: Record<string, string> = {};
  for (const arm of result.arms) {
    const mapped = arm === primary.treated.arm ? treated : arm === primary.controlArm ? control : byId(arm.id);
    if (mapped !== undefined) presetArmOf[arm.id] = mapped;
  }
  return { treated, control, presetArmOf };
}

/** Plan the simulation of `presetId` with the published n; throws a ValidationError (path `trials`) when it would exceed the simulated-participant budget. */
export function planSimulation(result: PublishedResult, presetId: PresetId, primary: PrimaryComparison, seed: Seed, trials: number): SimulationPlan {
  const protocol = preset(presetId);
  const { treated, control, presetArmOf } = presetArms(protocol, result, primary);
  const perArm: Record<string, number> = {};
  for (const a of protocol.arms) perArm[a.id] = a.plannedN ?? 10;
  for (const a of result.arms) if (protocol.arms.some((p) => p.id === a.id) && a.n !== undefined) perArm[a.id] = a.n;
  perArm[treated] = primary.treated.summary.n;
  perArm[control] = primary.control.summary.n;
  const participantsPerTrial = Object.values(perArm).reduce((a, b) => a + b, 0);
  const budget = CHECK_OPTION_BOUNDS.simulatedParticipants;
  if (2 * trials * participantsPerTrial > budget.max) {
    throw new ValidationError("check options", [
      { path: "trials", rule: "simulation-budget", message: `${trials} trials of ${participantsPerTrial} participants, run twice, is ${2 * trials * participantsPerTrial} simulated participants, more than ${budget.max} (${budget.reason})`, received: trials },
    ]);
  }
  const timepoint = result.design.timepoint ?? protocol.endpoints.primaryAssessmentId;
  const design: TrialDesignInput = { n: { perArm }, endpoint: timepoint, success: { comparisons: treated } };
  return { presetId, protocol, timepoint, treatedPresetArm: treated, controlPresetArm: control, presetArmOf, design, seed, trials };
}

/** A forecast trial's Hedges' g on the published measure: change from the simulator directly; endpoint from the arm summaries. */
function simulatedGOf(row: TrialResult, plan: SimulationPlan, measure: Measure): number | null {
  if (measure === "change") return row.comparisons.find((c) => c.armId === plan.treatedPresetArm)?.effectSize?.g ?? null;
  const treated = row.arms.find((x) => x.armId === plan.treatedPresetArm);
  const control = row.arms.find((x) => x.armId === plan.controlPresetArm);
  if (!treated || !control || treated.meanEndpoint === null || control.meanEndpoint === null || treated.sdEndpoint === null || control.sdEndpoint === null) return null;
  return standardizedDifference({ mean: treated.meanEndpoint, sd: treated.sdEndpoint, n: treated.analysed }, { mean: control.meanEndpoint, sd: control.sdEndpoint, n: control.analysed })?.g ?? null;
}

/** How the two runs are stopped and followed: an AbortSignal, and progress over both (2 × trials). */
export interface SimulationControl {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

/** The typical trials' median difference in change (treated − control); null when none was completed. */
function typicalDifferenceOf(point: TrialsRun | null, plan: SimulationPlan): number | null {
  if (!point || point.provenance.trialsCompleted === 0) return null;
  const differences = (point.summary.comparisons.find((c) => c.armId === plan.treatedPresetArm) ?? point.summary.comparisons[0]!).difference;
  // The typical trial's difference in change; for endpoints the same in expectation, as randomization balances the baselines.
  return differences.quantiles.p50 ?? differences.mean ?? null;
}

/**
 * Run the plan: the forecast (rows kept), then the typical trials, with the same seed. With a
 * signal, an interrupted forecast keeps its trials completed and the typical trials are not run.
 */
export async function runSimulation(plan: SimulationPlan, measure: Measure, runner: Runner = simulateTrials, control: SimulationControl = {}): Promise<SimulatedComparison> {
  const calibration = await defaultCalibration();
  const medians = Object.fromEntries(calibration.parameters.map((p) => [p.key, p.median]));
  const base = { protocol: plan.protocol, seed: plan.seed };
  const run = progressAcrossRuns(runner, 2 * plan.trials, control.onProgress);
  const stop = control.signal ? { signal: control.signal } : {};
  const forecast = await run({ ...base, design: plan.design, predictive: calibratedDraws(calibration) }, { trials: plan.trials, keepRows: true, ...stop });
  const point = forecast.provenance.aborted ? null : await run({ ...base, design: { ...plan.design, trialHeterogeneity: false }, parameters: medians }, { trials: plan.trials, keepRows: false, ...stop });
  const forecastRows = forecast.rows!;
  const simulatedG = forecastRows
    .map((row) => simulatedGOf(row, plan, measure))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  return {
    ...plan,
    forecastRows,
    forecastPower: forecast.summary.power,
    pointPower: point ? point.summary.power : proportionEstimate(0, 0),
    typicalDifference: typicalDifferenceOf(point, plan),
    simulatedG,
    aborted: forecast.provenance.aborted || (point?.provenance.aborted ?? false),
    trialsCompleted: { forecast: forecast.provenance.trialsCompleted, point: point?.provenance.trialsCompleted ?? 0 },
  };
}

/** Where the published g sits among the forecast trials: its percentile (share below, in percent) and the type-7 5/50/95% quantiles; null without simulated g. */
export function placement(simulation: SimulatedComparison, publishedG: number): { readonly percentile: number; readonly p05: number; readonly p50: number; readonly p95: number } | null {
  const sorted = simulation.simulatedG;
  if (sorted.length === 0) return null;
  const below = sorted.filter((v) => v < publishedG).length;
  return { percentile: (100 * below) / sorted.length, p05: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}

/** Share of forecast trials whose Welch p is at most `reportedP`; null when no forecast trial has a Welch p. */
export function shareAtMostP(simulation: SimulatedComparison, reportedP: number): number | null {
  const ps = simulation.forecastRows.map((row) => row.comparisons.find((c) => c.armId === simulation.treatedPresetArm)?.welch?.p ?? null).filter((v): v is number => v !== null);
  return ps.length ? ps.filter((p) => p <= reportedP).length / ps.length : null;
}

/**
 * The forecast's true differences in change (treated − control, points), one per forecast trial.
 * A trial's estimate is its true difference plus sampling error of variance se²; the estimates
 * are shrunk toward their mean by √(1 − mean(se²) / var(estimates)), which keeps their mean and
 * shape and removes the sampling part of their variance (a moment-matched deconvolution, as in
 * Louis 1984, JASA 79:393). Null with fewer than two forecast trials with a Welch estimate.
 */
export function forecastTrueDifferences(simulation: SimulatedComparison): { readonly differences: number[]; readonly shrinkage: number } | null {
  const tests = simulation.forecastRows.map((row) => row.comparisons.find((c) => c.armId === simulation.treatedPresetArm)?.welch ?? null).filter((w) => w !== null);
  if (tests.length < 2) return null;
  const mean = tests.reduce((s, w) => s + w.estimate, 0) / tests.length;
  const variance = tests.reduce((s, w) => s + (w.estimate - mean) ** 2, 0) / (tests.length - 1);
  const samplingVariance = tests.reduce((s, w) => s + w.se ** 2, 0) / tests.length;
  const shrinkage = variance > samplingVariance ? Math.sqrt(1 - samplingVariance / variance) : 0;
  return { differences: tests.map((w) => mean + shrinkage * (w.estimate - mean)), shrinkage };
}
