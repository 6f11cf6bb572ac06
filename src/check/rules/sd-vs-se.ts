/** sd-vs-se: when both an SD and an SE are given, SD = SE × √n within the rounding of each. */
import { formatNumber } from "../../format.js";
import { SUMMARY_MEASURES, type CheckContext } from "../context.js";
import { halfUnit } from "../reported.js";
import type { CheckRow } from "../types.js";

/** One row per summary with both an SD and an SE: they agree, or one of them (or n) is wrong. */
export function sdAgreesWithSe(context: CheckContext): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    for (const measure of SUMMARY_MEASURES) {
      const spread = arm[measure];
      if (!spread || spread.sd === undefined || spread.se === undefined || arm.n === undefined) continue;
      const { sd, se } = spread;
      const impliedSd = se * Math.sqrt(arm.n);
      const agree = Math.abs(impliedSd - sd) <= halfUnit(sd) + halfUnit(se) * Math.sqrt(arm.n) + 1e-9;
      const where = `${arm.id} ${measure}`;
      rows.push({
        id: `sd-vs-se:${arm.id}:${measure}`,
        status: agree ? "pass" : "fail",
        message: agree
          ? `${where}: SD ${sd} and SE ${se} agree (SE × √${arm.n} = ${formatNumber(impliedSd)}).`
          : `${where}: SE ${se} × √${arm.n} = ${formatNumber(impliedSd)}, not the reported SD ${sd}; the SD, the SE or the n is wrong (or one of them is of another quantity).`,
        values: { sd, se, n: arm.n, impliedSd },
      });
    }
  }
  return rows;
}
