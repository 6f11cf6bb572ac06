/**
 * The shipped calibration's posterior draws. Imported only dynamically (calibration/default.ts),
 * so bundlers put them in a chunk of their own that is loaded when a predictive run needs them;
 * the build stores them as columns (scripts/bundle-plugins.ts), decoded here into the same objects.
 */
import shipped from "./default-calibration.json";
import type { CalibrationResult } from "./calibrate.js";

/** The 1,000 posterior draws of the shipped calibration, in the file's order. */
export const SHIPPED_DRAWS = (shipped as unknown as CalibrationResult).draws;
