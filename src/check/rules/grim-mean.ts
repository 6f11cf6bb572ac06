/**
 * grim: a mean of n integer totals is a multiple of 1/n, so some integer total must round to the
 * reported mean (Brown & Heathers 2017). Only when the design says scores are integer sums.
 */
import { formatNumber } from "../../format.js";
import { SUMMARY_MEASURES, type CheckContext } from "../context.js";
import { decimalsOf, grimMean } from "../grim.js";
import type { CheckRow } from "../types.js";

/** One row per reported mean of an arm with n: possible, impossible, or GRIM cannot tell. */
export function grimMeans(context: CheckContext): CheckRow[] {
  if (!context.result.design.integerScores) return [];
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    if (arm.n === undefined) continue;
    const n = arm.n;
    for (const measure of SUMMARY_MEASURES) {
      const spread = arm[measure];
      if (!spread) continue;
      const decimals = spread.decimals ?? decimalsOf(spread.mean);
      const grim = grimMean(spread.mean, n, decimals);
      const id = `grim:${arm.id}:${measure}`;
      const where = `${arm.id} ${measure}`;
      if (!grim.informative) {
        rows.push({ id, status: "skipped", message: `${where}: GRIM cannot tell with n = ${n} and ${decimals} decimal(s) (every mean of ${n} integers rounds to some such value).`, values: { mean: spread.mean, n, decimals } });
      } else if (grim.possible) {
        rows.push({ id, status: "pass", message: `${where}: a mean of ${spread.mean} is possible for ${n} integer totals.`, values: { mean: spread.mean, n } });
      } else {
        const nearest = grim.nearest.map((x) => formatNumber(x.value, 4)).join(", ");
        rows.push({ id, status: "fail", message: `${where}: no ${n} integer totals have a mean that rounds to ${spread.mean} (nearest: ${nearest}); the mean, the n or the claim of integer scores is wrong.`, values: { mean: spread.mean, n } });
      }
    }
  }
  return rows;
}
