/**
 * The shipped calibration without its posterior draws (parameters with intervals, trial effects,
 * diagnostics, fit and leave-one-out tables): a chunk of its own, imported dynamically by
 * calibration/default.ts and statically by the checker's expectancy rule (itself loaded on demand).
 *
 * The source imports the whole JSON file; the build (scripts/bundle-plugins.ts) serves this
 * import with `draws: null` in the draws' place, and the draws to shipped-draws.ts, a module
 * loaded on demand too (about 170 KB minified). Either way the summary here has no draws.
 */
import shipped from "./default-calibration.json";
import type { CalibrationResult, CalibrationSummary } from "./calibrate.js";

/** The shipped calibration without its draws (shared, not copied: callers copy). A function, so that bundles which never ask keep no trace of it. */
export function shippedSummary(): CalibrationSummary {
  const { draws: _draws, ...summary } = shipped as unknown as CalibrationResult;
  return summary;
}

/** The file's keys in order, `draws` among them: a calibration rebuilt with its draws keeps the file's key order. */
export function shippedKeyOrder(): string[] {
  return Object.keys(shipped);
}
