/** p-vs-t: a reported t on its df gives a two-sided p that must match the reported p, over the rounding of t. */
import { formatNumber } from "../../format.js";
import { tTwoSidedP } from "../../math/distributions.js";
import type { CheckContext } from "../context.js";
import { halfUnit, overlaps, pInterval } from "../reported.js";
import type { CheckRow } from "../types.js";

/** One row when t, df and p are all reported. */
export function pMatchesT(context: CheckContext): CheckRow[] {
  const { t, df, p: reportedP, pOperator } = context.result.reported;
  if (t === undefined || df === undefined || reportedP === undefined) return [];
  const p = tTwoSidedP(t, df);
  const pLow = tTwoSidedP(Math.abs(t) + halfUnit(t), df);
  const pHigh = tTwoSidedP(Math.max(0, Math.abs(t) - halfUnit(t)), df);
  const consistent = overlaps([pLow, pHigh], pInterval(reportedP, pOperator));
  return [
    {
      id: "p-vs-t",
      status: consistent ? "pass" : "fail",
      message: consistent
        ? `t = ${t} on ${df} df gives p = ${formatNumber(p)}, consistent with the reported ${reportedP}.`
        : `t = ${t} on ${df} df gives a two-sided p of ${formatNumber(p)} (${formatNumber(pLow)}-${formatNumber(pHigh)} over the rounding of t), not the reported ${reportedP}.`,
      values: { t, df, p, reportedP },
    },
  ];
}
