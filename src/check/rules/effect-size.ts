/**
 * effect-size and effect-plausibility: Cohen's d and Hedges' g recomputed from the published
 * means and SDs (noncentral-t interval), checked against a reported effect size; a standardized
 * difference above 3 SD is flagged as implausible for a psychiatric trial.
 */
import { standardizedDifference, type EffectSize } from "../../analysis/effect-size.js";
import { formatNumber } from "../../format.js";
import type { ArmComparison, CheckContext } from "../context.js";
import { halfUnit } from "../reported.js";
import type { CheckRow } from "../types.js";

/** A standardized difference larger than this (in SD units) is implausible for a psychiatric trial. */
export const IMPLAUSIBLE_EFFECT_SD = 3;

/** Each comparison with both summaries, with its standardized difference (and an interval by `ci`) when that is defined. */
function effectSizes(context: CheckContext, ci: "noncentral-t" | "normal"): { comparison: ArmComparison; effect: EffectSize }[] {
  return context.comparisons.flatMap((comparison) => {
    if (!comparison.treated || !comparison.control) return [];
    const effect = standardizedDifference(comparison.treated.summary, comparison.control.summary, { ci });
    return effect ? [{ comparison, effect }] : [];
  });
}

/** The row comparing a reported effect size with the recomputed d and g. */
function reportedEffectRow(context: CheckContext, comparison: ArmComparison, effect: EffectSize): CheckRow {
  const reported = context.result.reported.effectSize!;
  const tolerance = halfUnit(reported.value) + 0.02 * Math.abs(effect.d) + 0.01;
  const candidates = reported.kind === "hedges-g" ? [effect.g] : reported.kind === "cohen-d" ? [effect.d] : [effect.d, effect.g];
  const match = candidates.some((v) => Math.abs(Math.abs(v) - Math.abs(reported.value)) <= tolerance);
  const { label } = comparison;
  const d = formatNumber(effect.d);
  const g = formatNumber(effect.g);
  return {
    id: `effect-size:${comparison.treatedArm.id}`,
    status: match ? "pass" : "fail",
    message: match
      ? `${label}: the reported effect size ${reported.value} matches the means and SDs (d = ${d}, g = ${g}; sign conventions differ between papers).`
      : `${label}: the reported effect size ${reported.value} does not match the published means and SDs, which give d = ${d} and g = ${g} on the ${context.measure}; it may be computed on another outcome, time point or spread (for example SEs used as SDs).`,
    values: { d: effect.d, g: effect.g, reported: reported.value },
  };
}

/** For each comparison: d and g with their intervals, judged against a reported effect size when there is one. */
export function effectSizeRows(context: CheckContext): CheckRow[] {
  return effectSizes(context, "noncentral-t").map(({ comparison, effect }) => {
    if (context.result.reported.effectSize) return reportedEffectRow(context, comparison, effect);
    // The noncentral-t interval is for δ (the d scale); g's is the same times g's correction J = g / d.
    const correction = effect.d !== 0 ? effect.g / effect.d : 1;
    const gCiLower = effect.ciLower * correction;
    const gCiUpper = effect.ciUpper * correction;
    const f = formatNumber;
    return {
      id: `effect-size:${comparison.treatedArm.id}`,
      status: "pass",
      message: `${comparison.label}: Cohen's d = ${f(effect.d)} (95% CI ${f(effect.ciLower)} to ${f(effect.ciUpper)}), Hedges' g = ${f(effect.g)} (${f(gCiLower)} to ${f(gCiUpper)}) on the ${context.measure}, treated minus control (recomputed; nothing reported to compare).`,
      values: { d: effect.d, g: effect.g, ciLower: effect.ciLower, ciUpper: effect.ciUpper, gCiLower, gCiUpper },
    };
  });
}

/** A warning per comparison whose standardized difference exceeds IMPLAUSIBLE_EFFECT_SD. */
export function effectPlausibility(context: CheckContext): CheckRow[] {
  return effectSizes(context, "normal")
    .filter(({ effect }) => Math.abs(effect.d) > IMPLAUSIBLE_EFFECT_SD)
    .map(({ comparison, effect }) => ({
      id: `effect-plausibility:${comparison.treatedArm.id}`,
      status: "warn" as const,
      message: `${comparison.label}: a standardized difference of ${formatNumber(effect.d)} is implausibly large for a psychiatric trial; check whether the spreads are SEs reported as SDs.`,
      values: { d: effect.d },
    }));
}
