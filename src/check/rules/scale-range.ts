/**
 * on-scale and sd-bound: a mean of scale totals lies on the scale, and its SD is bounded by
 * Bhatia-Davis: a variable on [a, b] with mean μ has population SD at most √((b − μ)(μ − a)), a
 * sample SD (n − 1 denominator) at most √(n / (n − 1)) times that. Both figures may be rounded.
 * Changes are differences of totals and are not bounded this way.
 */
import { formatNumber } from "../../format.js";
import type { ScaleInfo } from "../../protocol/scales.js";
import type { CheckContext } from "../context.js";
import { halfUnit, sdHalfWidthOf, sdOf, type ReportedSpread } from "../reported.js";
import type { CheckRow } from "../types.js";

const SCORE_MEASURES = ["baseline", "endpoint"] as const;

/** True when even the rounding of the mean cannot bring it onto the scale. */
function offScale(spread: ReportedSpread, scale: ScaleInfo): boolean {
  const meanHalf = halfUnit(spread.mean, spread.decimals);
  return spread.mean + meanHalf < scale.min || spread.mean - meanHalf > scale.max;
}

/** A fail row per baseline or endpoint mean off the scale. */
export function meansOnScale(context: CheckContext): CheckRow[] {
  const { scale } = context;
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    for (const measure of SCORE_MEASURES) {
      const spread = arm[measure];
      if (!spread || !offScale(spread, scale)) continue;
      rows.push({ id: `on-scale:${arm.id}:${measure}`, status: "fail", message: `${arm.id} ${measure}: a mean of ${spread.mean} is off the ${scale.id} scale (${scale.min}-${scale.max}).`, values: { mean: spread.mean } });
    }
  }
  return rows;
}

/** The largest sample SD of n scores on the scale whose mean rounds to the reported one. */
export function largestPossibleSd(spread: ReportedSpread, n: number | undefined, scale: ScaleInfo): number {
  const meanHalf = halfUnit(spread.mean, spread.decimals);
  const mid = (scale.max + scale.min) / 2;
  const closestToMid = Math.min(Math.max(mid, spread.mean - meanHalf), spread.mean + meanHalf);
  const count = n ?? 2;
  return Math.sqrt(Math.max(0, (scale.max - closestToMid) * (closestToMid - scale.min))) * (count > 1 ? Math.sqrt(count / (count - 1)) : 1);
}

/** A fail row per on-scale baseline or endpoint whose SD (less its rounding) exceeds the largest possible. */
export function sdsWithinScaleBound(context: CheckContext): CheckRow[] {
  const { scale } = context;
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    for (const measure of SCORE_MEASURES) {
      const spread = arm[measure];
      const sd = spread ? sdOf(spread, arm.n) : undefined;
      if (!spread || sd === undefined || offScale(spread, scale)) continue;
      const bound = largestPossibleSd(spread, arm.n, scale);
      if (sd - sdHalfWidthOf(spread, arm.n) <= bound) continue;
      rows.push({
        id: `sd-bound:${arm.id}:${measure}`,
        status: "fail",
        message: `${arm.id} ${measure}: an SD of ${formatNumber(sd)} is impossible for a mean of ${spread.mean} from ${arm.n ?? "an unknown number of"} scores on a ${scale.min}-${scale.max} scale (the sample SD is at most ${formatNumber(bound)}, allowing for rounding).`,
        values: { sd, bound },
      });
    }
  }
  return rows;
}
