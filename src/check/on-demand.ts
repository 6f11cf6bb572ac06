/**
 * `checkPublished` for the library's entries, loaded on demand: the checker (its rules, the
 * simulation it compares with, the shipped calibration) is imported at the first check, so a
 * bundle that never checks a published result does not download it. The same function as
 * check.ts's, behind one dynamic import.
 */
import type { CheckOptions, CheckReport } from "./types.js";

/**
 * Check a published result: validates the input and options first (one ValidationError listing
 * every problem), then runs every rule. `onProgress` follows the simulated trials (both runs as
 * one); with `signal`, an interrupted check still returns every row, the comparison with
 * simulated trials from the trials completed, and `aborted: true`. The first call loads the
 * checker (a chunk of its own in a code-split bundle: a second file to fetch, from the same
 * origin).
 */
export async function checkPublished(input: unknown, options: CheckOptions = {}): Promise<CheckReport> {
  const checker = await import("./check.js");
  return checker.checkPublished(input, options);
}
