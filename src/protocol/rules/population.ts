/** Rules about eligibility, the enrolled population and the cutoffs on the endpoint scale. */
import type { ValidationIssue } from "../../errors.js";
import { formatNumber } from "../../format.js";
import { REQUIRED_EXCLUSIONS } from "../bounds.js";
import { enrolledBaselineInterval, FEASIBLE_SD_FRACTION, maxFeasibleBaselineSd } from "../baseline-feasibility.js";
import { issue } from "./issue.js";
import type { Path, ProtocolView } from "./view.js";

/** The entry threshold, the baseline mean and the endpoint cutoffs lie on the endpoint scale. */
export function valuesOnScale(view: ProtocolView): ValidationIssue[] {
  const scale = view.scale;
  if (!scale) return [];
  const values: [Path, number | undefined, string][] = [
    [["eligibility", "minimumBaselineScore"], view.minimumBaselineScore, "the entry threshold"],
    [["population", "baselineScore", "mean"], view.baselineMean, "the baseline mean"],
    [["endpoints", "lossOfDiagnosis", "belowScore"], view.lossOfDiagnosisBelowScore, "the diagnostic cutoff"],
    [["endpoints", "remission", "maxScore"], view.remissionMaxScore, "the remission score"],
    [["endpoints", "response", "points"], view.responsePoints, "the response reduction"],
  ];
  return values.flatMap(([path, value, what]) =>
    value !== undefined && value > scale.max ? [issue(path, "on-scale", `${what} must lie on the ${scale.id} scale (${scale.min}-${scale.max})`, value)] : [],
  );
}

/** The mean baseline of those enrolled is not below the entry threshold. */
export function baselineAboveEntryThreshold(view: ProtocolView): ValidationIssue[] {
  const { baselineMean: mean, minimumBaselineScore: threshold } = view;
  if (mean === undefined || threshold === undefined || mean >= threshold) return [];
  return [issue(["population", "baselineScore", "mean"], "baseline-above-entry-threshold", `the mean baseline of those enrolled cannot be below the entry threshold (${threshold})`, mean)];
}

/**
 * Some normal truncated to [entry threshold, scale maximum] has the reported baseline mean and
 * SD (checked where the other baseline rules pass, as the simulation would need it).
 */
export function baselineSdFeasible(view: ProtocolView): ValidationIssue[] {
  const { scale, baselineMean: mean, baselineSd: sd, minimumBaselineScore: threshold } = view;
  if (!scale || mean === undefined || sd === undefined || threshold === undefined) return [];
  if (threshold > scale.max || mean < threshold || mean > scale.max) return [];
  const largest = maxFeasibleBaselineSd(mean, scale.min, scale.max, threshold);
  if (sd <= largest) return [];
  const { lower, upper } = enrolledBaselineInterval(scale.min, scale.max, threshold);
  return [
    issue(
      ["population", "baselineScore", "sd"],
      "feasible-baseline",
      `no normal truncated to [${lower}, ${upper}] (entry threshold to ${scale.id} maximum) has mean ${mean} and SD ${sd}: with this mean the SD must be at most ${formatNumber(largest)} (${Math.round(FEASIBLE_SD_FRACTION * 100)}% of the largest possible); lower the SD or the entry threshold`,
      sd,
    ),
  ];
}

/** A protocol that doses MDMA (blinded or open-label) excludes the cardiovascular risks and pregnancy. */
export function safetyExclusions(view: ProtocolView): ValidationIssue[] {
  const exclusions = view.exclusions;
  if (!exclusions) return [];
  const dosesMdma = view.arms.some((arm) => arm.dosesMdma) || view.openLabelDosesMdma;
  const missing = REQUIRED_EXCLUSIONS.filter((e) => !exclusions.includes(e));
  if (!dosesMdma || missing.length === 0) return [];
  return [
    issue(
      ["eligibility", "exclusions"],
      "safety-exclusions",
      `MDMA raises blood pressure and heart rate: a protocol that doses it must exclude ${missing.map((m) => `"${m}"`).join(", ")}`,
      exclusions,
    ),
  ];
}
