/**
 * change-consistency: when an arm reports baseline, change and endpoint for the same
 * participants, baseline + change = endpoint within the rounding of the three.
 */
import { formatNumber } from "../../format.js";
import type { CheckContext } from "../context.js";
import { halfUnit } from "../reported.js";
import type { CheckRow } from "../types.js";

/** One row per arm with all three summaries; a failure says whether a flipped sign of the change would explain it. */
export function changeConsistency(context: CheckContext): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    const { baseline, change, endpoint } = arm;
    if (!baseline || !change || !endpoint) continue;
    const gap = baseline.mean + change.mean - endpoint.mean;
    const tolerance = halfUnit(baseline.mean, baseline.decimals) + halfUnit(change.mean, change.decimals) + halfUnit(endpoint.mean, endpoint.decimals) + 1e-9;
    const id = `change-consistency:${arm.id}`;
    if (Math.abs(gap) <= tolerance) {
      rows.push({ id, status: "pass", message: `${arm.id}: baseline ${baseline.mean} plus change ${change.mean} gives the endpoint ${endpoint.mean} within rounding.`, values: { gap } });
      continue;
    }
    const flipped = Math.abs(baseline.mean - change.mean - endpoint.mean) <= tolerance;
    const why = flipped ? "; with the sign of the change flipped they agree, so the change's sign (or the endpoint) is probably misreported" : " (unless the three were computed on different participants)";
    rows.push({
      id,
      status: "fail",
      message: `${arm.id}: baseline ${baseline.mean} plus change ${change.mean} is ${formatNumber(baseline.mean + change.mean)}, not the reported endpoint ${endpoint.mean}${why}.`,
      values: { baseline: baseline.mean, change: change.mean, endpoint: endpoint.mean, gap },
    });
  }
  return rows;
}
