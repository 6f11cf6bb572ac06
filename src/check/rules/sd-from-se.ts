/** sd-from-se: when only an SE was given, the SD the other rules use is SE × √n; the row says so. */
import { formatNumber } from "../../format.js";
import { SUMMARY_MEASURES, type CheckContext } from "../context.js";
import type { CheckRow } from "../types.js";

/** One row per summary given with an SE and no SD: the SD derived from it. */
export function sdFromSe(context: CheckContext): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    for (const measure of SUMMARY_MEASURES) {
      const spread = arm[measure];
      if (!spread || spread.sd !== undefined || spread.se === undefined || arm.n === undefined) continue;
      const sd = spread.se * Math.sqrt(arm.n);
      rows.push({ id: `sd-from-se:${arm.id}:${measure}`, status: "pass", message: `${arm.id} ${measure}: only an SE was given (${spread.se}); the SD is SE × √n = ${formatNumber(sd)}.`, values: { se: spread.se, n: arm.n, sd } });
    }
  }
  return rows;
}
