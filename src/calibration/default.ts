/**
 * The calibration that ships with the package (src/calibration/default-calibration.json),
 * reproduced exactly by `npm run calibrate` from its documented seed. Its posterior medians are
 * the parameter table's values for the calibrated parameters; its draws drive predictive
 * simulation (assurance).
 *
 * Both parts load on demand (two dynamic imports, hence async): the summary (parameters, intervals,
 * diagnostics, fit and leave-one-out tables, about 8 KB gzip) and the 1,000 draws (about 74 KB),
 * so a page that never forecasts or shows the calibration downloads neither.
 */
import type { ParameterDraws } from "../trial/api.js";
import type { CalibrationResult, CalibrationSummary } from "./calibrate.js";
import { isPending, ValidationError } from "../errors.js";
import { markDisplay } from "../displayable.js";

/** The shipped calibration without its draws (a fresh copy): parameters, diagnostics, fit and leave-one-out tables. The first call loads them (a chunk of its own in a code-split bundle). */
export async function calibrationSummary(): Promise<CalibrationSummary> {
  const { shippedSummary } = await import("./shipped-summary.js");
  return markDisplay(structuredClone(shippedSummary()), "calibration");
}

/** The shipped calibration result with its posterior draws (a fresh copy). The first call loads it (two chunks of their own in a code-split bundle: the summary and the draws, about 82 KB gzip). */
export async function defaultCalibration(): Promise<CalibrationResult> {
  const [{ shippedKeyOrder, shippedSummary }, { SHIPPED_DRAWS }] = await Promise.all([import("./shipped-summary.js"), import("./shipped-draws.js")]);
  const fields = shippedSummary() as unknown as Record<string, unknown>;
  // In the file's key order, the draws in their own place.
  const result = Object.fromEntries(shippedKeyOrder().map((k) => [k, k === "draws" ? SHIPPED_DRAWS : fields[k]]));
  return markDisplay(structuredClone(result) as unknown as CalibrationResult, "calibration");
}

/** Throws unless `calibration` is a calibration with its draws (a forgotten argument or `await` is the usual cause). */
function requireDraws(calibration: unknown, subject: string): asserts calibration is CalibrationResult {
  const draws = calibration !== null && typeof calibration === "object" ? (calibration as { draws?: unknown }).draws : undefined;
  if (Array.isArray(draws)) return;
  const what = calibration === undefined ? "nothing" : isPending(calibration) ? "a Promise" : "a value without a draws array";
  throw new ValidationError(subject, [{ path: "calibration", rule: "calibration-result", message: `must be a calibration with its posterior draws (pass \`await defaultCalibration()\` or a calibrate() result), not ${what}` }]);
}

/**
 * Posterior draws for forecasting a new trial: the calibrated parameters (with dropout and
 * relapse), without any published trial's own effects, so that a predictive run draws the new
 * trial's effects from the between-trial distribution.
 * `calibratedDraws(await defaultCalibration())` for the shipped calibration.
 */
export function calibratedDraws(calibration: CalibrationResult): ParameterDraws {
  requireDraws(calibration, "calibrated draws");
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
  requireDraws(calibration, "replication");
  const known = calibration.targets.trials;
  if (!known.includes(trialId)) {
    throw new ValidationError("replication", [{ path: "trial", rule: "calibrated-trial", message: `must be a trial the calibration used (${known.join(", ")})`, received: trialId }]);
  }
  return {
    source: `Phase 2 calibration (seed ${String(calibration.seed)}, ${calibration.draws.length} draws), ${trialId}'s own trial effects`,
    draws: calibration.draws.map((d) => ({ parameters: d.parameters, effects: d.effects[trialId]! })),
  };
}
