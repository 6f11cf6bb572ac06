/**
 * Forecasting a new trial from the calibration: assurance (the probability of success averaged
 * over the calibrated uncertainty, including a new trial-level effect, as trials differ) next to
 * power at the point estimate (posterior medians, a typical trial). The two answer different
 * questions: power says how often a trial succeeds if the model's best guess is right; assurance
 * says how often it succeeds given what the small Phase 2 trials leave uncertain.
 */
import { markDisplay } from "../displayable.js";
import type { ProportionEstimate } from "../analysis/intervals.js";
import { simulateTrials, type ProtocolRunSpec, type TrialsRun } from "../trial/api.js";
import type { RunOptions } from "../trial/engine.js";
import { progressAcrossRuns, type Runner } from "../trial/power-search.js";
import type { CalibrationResult } from "./calibrate.js";
import { calibratedDraws, defaultCalibration } from "./default.js";

/**
 * What forecastTrial returns: assurance (the share of successful trials over the calibrated
 * uncertainty, a new trial's effects included) and power at the posterior medians for a typical
 * trial, with the two runs behind them.
 */
export interface ForecastResult {
  /** P(success) over the posterior and a new trial's effects. */
  readonly assurance: ProportionEstimate;
  /** P(success) with the posterior medians, for a typical trial. */
  readonly powerAtPointEstimate: ProportionEstimate;
  /** The predictive run (arm forecast distributions, effect-size distribution). */
  readonly predictive: TrialsRun;
  /** The run at the point estimate. */
  readonly point: TrialsRun;
}

export interface ForecastOptions extends RunOptions {
  /** Calibration to draw from (default: the shipped one, its draws loaded on first use). */
  readonly calibration?: CalibrationResult;
  /** How runs are executed (default: this thread; pass parallelRunner() from mdma-trial-sim/node for workers). */
  readonly runner?: Runner;
}

/**
 * Forecast a trial of `spec`'s design: assurance and power at the point estimate, same seed.
 * Two runs of `options.trials` trials, the point estimate's then the predictive one; `onProgress`
 * counts them as one (from 0 to twice `trials`, with the time left over both), and `signal`
 * stops both (each result then holds the trials it completed, with `provenance.aborted`).
 */
export async function forecastTrial(spec: Omit<ProtocolRunSpec, "predictive">, options: ForecastOptions): Promise<ForecastResult> {
  const calibration = options.calibration ?? (await defaultCalibration());
  const { calibration: _c, runner: _r, onProgress, ...runOptions } = options;
  const runner = progressAcrossRuns(options.runner ?? simulateTrials, 2 * options.trials, onProgress);
  const medians = Object.fromEntries(calibration.parameters.map((p) => [p.key, p.median]));
  const point = await runner({ ...spec, parameters: { ...medians, ...(spec.parameters ?? {}) }, design: { ...(spec.design ?? {}), trialHeterogeneity: false } }, runOptions);
  const predictive = await runner({ ...spec, predictive: calibratedDraws(calibration) }, runOptions);
  return markDisplay({ assurance: predictive.summary.power, powerAtPointEstimate: point.summary.power, predictive, point }, "forecast");
}
