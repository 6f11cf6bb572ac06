/**
 * `calibrate` for the library's entries, loaded on demand: the calibration machinery (synthetic
 * likelihood, the samplers, the leave-one-out refits) is imported at the first call, so a bundle
 * that never recalibrates does not download it. The same function as calibrate.ts's, behind one
 * dynamic import.
 */
import type { CalibrationOptionsWithRunner, CalibrationResult } from "./calibrate.js";
import type { TargetSet } from "./targets.js";

/**
 * Run the calibration. Deterministic for a given seed, targets and settings, whichever way the
 * chains are run. Targets that are not a valid TargetSet are one ValidationError listing every
 * problem. `onProgress` gets each step with its stage's count and (fourth argument) the seconds
 * since the start and the stage's seconds left; with `signal`, a stop rejects with an AbortError
 * naming the last step reached, and no result (a posterior from chains cut short would be
 * misleading). The first call loads the calibration machinery (a chunk of its own in a code-split
 * bundle: a second file to fetch, from the same origin).
 */
export async function calibrate(targets: TargetSet, options: CalibrationOptionsWithRunner = {}): Promise<CalibrationResult> {
  const machinery = await import("./calibrate.js");
  return machinery.calibrate(targets, options);
}
