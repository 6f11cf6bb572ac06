/**
 * The calibration that ships with the package (src/calibration/default-calibration.json),
 * reproduced exactly by `npm run calibrate` from its documented seed. Its posterior medians are
 * the parameter table's values for the calibrated parameters; its draws drive predictive
 * simulation (assurance).
 */
import shipped from "./default-calibration.json";
import type { ParameterDraws } from "../trial/api.js";
import type { CalibrationResult } from "./calibrate.js";

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
