/**
 * The calibration that ships with the package (src/calibration/default-calibration.json),
 * reproduced exactly by `npm run calibrate` from its documented seed. Its posterior medians are
 * the parameter table's values for the calibrated parameters; its draws drive predictive
 * simulation (assurance).
 */
import shipped from "./default-calibration.json";
import type { ParameterDraws } from "../trial/api.js";
import type { CalibrationResult } from "./calibrate.js";
import { ValidationError } from "../errors.js";

/** The shipped calibration result (a fresh copy). */
export function defaultCalibration(): CalibrationResult {
  return structuredClone(shipped as unknown as CalibrationResult);
}

/**
 * Posterior draws for forecasting a new trial: the calibrated parameters (with dropout and
 * relapse), without any published trial's own effects, so that a predictive run draws the new
 * trial's effects from the between-trial distribution.
 */
export function calibratedDraws(calibration: CalibrationResult = shipped as unknown as CalibrationResult): ParameterDraws {
  return { source: `Phase 2 calibration (seed ${String(calibration.seed)}, ${calibration.draws.length} draws)`, draws: calibration.draws.map((d) => ({ parameters: d.parameters })) };
}

/**
 * Posterior draws for replicating a published trial as it was: the calibrated parameters with
 * that trial's own posterior effects, as the calibration's fit table uses them. This reproduces
 * the published figures (within their sampling error); a new trial of the same design is
 * `calibratedDraws` (a new trial effect) or the point estimate (a typical trial).
 */
export function replicationDraws(trialId: string, calibration: CalibrationResult = shipped as unknown as CalibrationResult): ParameterDraws {
  const known = calibration.targets.trials;
  if (!known.includes(trialId)) {
    throw new ValidationError("replication", [{ path: "trial", rule: "calibrated-trial", message: `must be a trial the calibration used (${known.join(", ")})`, received: trialId }]);
  }
  return {
    source: `Phase 2 calibration (seed ${String(calibration.seed)}, ${calibration.draws.length} draws), ${trialId}'s own trial effects`,
    draws: calibration.draws.map((d) => ({ parameters: d.parameters, effects: d.effects[trialId]! })),
  };
}
