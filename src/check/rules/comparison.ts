/** comparison: the recomputed tests compare each treated arm with one control; say when the arms do not allow it. */
import type { CheckContext } from "../context.js";
import type { CheckRow } from "../types.js";

/** A skipped row when there is not exactly one control arm and at least one treated arm. */
export function comparisonPossible(context: CheckContext): CheckRow[] {
  if (context.controlArm && context.treatedArms.length > 0) return [];
  return [{ id: "comparison", status: "skipped", message: "Recomputation needs exactly one control arm and at least one treatment arm." }];
}
