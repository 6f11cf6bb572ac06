/**
 * The shipped calibration as it is loaded with the library: everything but its posterior draws
 * (parameters with intervals, trial effects, diagnostics, fit and leave-one-out tables).
 *
 * The source imports the whole JSON file; the build (scripts/bundle-plugins.ts) serves this
 * import with `draws: null` in the draws' place, and the draws to shipped-draws.ts, a module
 * loaded on demand, so that a bundle carries the 180 KB of draws only where they are used.
 */
import shipped from "./default-calibration.json";
import type { CalibrationResult } from "./calibrate.js";

/** The shipped calibration object: its draws are present in the source, null in the build. */
export const SHIPPED = shipped as unknown as CalibrationResult;
