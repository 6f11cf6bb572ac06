/**
 * The calibration that ships with the package (src/calibration/default-calibration.json),
 * reproduced exactly by `npm run calibrate` from its documented seed. Its posterior medians are
 * the parameter table's values for the calibrated parameters; its draws drive predictive
 * simulation (assurance).
 *
 * The summary (parameters, intervals, diagnostics, fit and leave-one-out tables) loads with the
 * library; the 1,000 draws are loaded on demand (`defaultCalibration` is async), so a page that
 * never forecasts does not download them.
 */
import type { ParameterDraws } from "../trial/api.js";
import type { CalibrationResult } from "./calibrate.js";
import { SHIPPED } from "./shipped-summary.js";
import { ValidationError } from "../errors.js";

/** A calibration without its posterior draws: what `calibrationSummary` returns. */
export type CalibrationSummary = Omit<CalibrationResult, "draws">;

/** The shipped calibration without its draws (a fresh copy): parameters, diagnostics, fit and leave-one-out tables. */
export function calibrationSummary(): CalibrationSummary {
  const { draws: _draws, ...summary } = SHIPPED;
  return structuredClone(summary);
}

/** The shipped calibration result with its posterior draws (a fresh copy; the draws are loaded on first use). */
export async function defaultCalibration(): Promise<CalibrationResult> {
  const { SHIPPED_DRAWS } = await import("./shipped-draws.js");
  // The spread keeps the file's key order; the draws take their own place in it.
  return structuredClone({ ...SHIPPED, draws: SHIPPED_DRAWS });
}

/**
 * Posterior draws for forecasting a new trial: the calibrated parameters (with dropout and
 * relapse), without any published trial's own effects, so that a predictive run draws the new
 * trial's effects from the between-trial distribution.
 * `calibratedDraws(await defaultCalibration())` for the shipped calibration.
 */
export function calibratedDraws(calibration: CalibrationResult): ParameterDraws {
  return { source: `Phase 2 calibration (seed ${String(calibration.seed)}, ${calibration.draws.length} draws)`, draws: calibration.draws.map((d) => ({ parameters: d.parameters })) };
}

/**
 * Posterior draws for replicating a published trial as it was: the calibrated parameters with
 * that trial's own posterior effects, as the calibration's fit table uses them. This reproduces
 * the published figures (within their sampling error); a new trial of the same design is
 * `calibratedDraws` (a new trial effect) or the point estimate (a typical trial).
 * `replicationDraws("mp1", await defaultCalibration())` for the shipped calibration.
 */
export function replicationDraws(trialId: string, calibration: CalibrationResult): ParameterDraws {
  const known = calibration.targets.trials;
  if (!known.includes(trialId)) {
    throw new ValidationError("replication", [{ path: "trial", rule: "calibrated-trial", message: `must be a trial the calibration used (${known.join(", ")})`, received: trialId }]);
  }
  return {
    source: `Phase 2 calibration (seed ${String(calibration.seed)}, ${calibration.draws.length} draws), ${trialId}'s own trial effects`,
    draws: calibration.draws.map((d) => ({ parameters: d.parameters, effects: d.effects[trialId]! })),
  };
}
