/**
 * Reported figures as numbers with their rounding: the SD behind a summary (derived from an SE
 * when only that was given), half a unit of a figure's last decimal, the interval a reported
 * p-value stands for, and the range of p a t test gives over the rounding box of two summaries.
 */
import type { GroupSummary, TTestResult } from "../analysis/ttest.js";
import { decimalsOf } from "./grim.js";
import type { PublishedArm } from "./schema.js";

/** A reported mean with its spread (SD, SE or both) and the decimals it was reported with. */
export interface ReportedSpread {
  readonly mean: number;
  readonly sd?: number;
  readonly se?: number;
  readonly decimals?: number;
}

export type Measure = "change" | "endpoint";

/** An arm's summary of one measure, ready for a t test, with the rounding of its mean and SD. */
export interface MeasuredArm {
  readonly arm: PublishedArm;
  readonly summary: GroupSummary;
  readonly meanDecimals: number;
  /** Rounding half-width of the SD: half a unit of its last decimal, or of the SE's times √n when the SD was derived from an SE. */
  readonly sdHalfWidth: number;
}

/** The spread of a reported summary as an SD (derived from an SE when only that was given). */
export function sdOf(spread: { readonly sd?: number; readonly se?: number }, n: number | undefined): number | undefined {
  if (spread.sd !== undefined) return spread.sd;
  if (spread.se !== undefined && n !== undefined) return spread.se * Math.sqrt(n);
  return undefined;
}

/** Half a unit of the last reported decimal: the rounding uncertainty of a reported number. */
export function halfUnit(value: number, decimals?: number): number {
  return 0.5 * 10 ** -(decimals ?? decimalsOf(value));
}

/** Rounding half-width of a summary's SD (see MeasuredArm.sdHalfWidth); 0 when there is none. */
export function sdHalfWidthOf(spread: { readonly sd?: number; readonly se?: number }, n: number | undefined): number {
  if (spread.sd !== undefined) return halfUnit(spread.sd);
  if (spread.se !== undefined && n !== undefined) return halfUnit(spread.se) * Math.sqrt(n);
  return 0;
}

/** The interval a reported p-value stands for: its rounding for "=", everything below it for "<" and "<=". */
export function pInterval(p: number, operator: "=" | "<" | "<="): [number, number] {
  if (operator !== "=") return [0, p];
  const h = halfUnit(p);
  return [Math.max(0, p - h), p + h];
}

/** True when two closed intervals share a point. */
export function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** An arm's summary of `measure`, or undefined when its n, mean or spread is missing. */
export function measuredArm(arm: PublishedArm, measure: Measure): MeasuredArm | undefined {
  const spread = arm[measure];
  if (!spread || arm.n === undefined) return undefined;
  const sd = sdOf(spread, arm.n);
  if (sd === undefined) return undefined;
  return { arm, summary: { mean: spread.mean, sd, n: arm.n }, meanDecimals: spread.decimals ?? decimalsOf(spread.mean), sdHalfWidth: sdHalfWidthOf(spread, arm.n) };
}

/**
 * p over the rounding box of the summaries: the smallest and largest p the reported figures
 * allow. p falls as |difference| grows, so the difference's extremes bound it; in the SDs it need
 * not be monotone (Welch's df depends on them), so every corner of the SD box is tried. Null when
 * the test is undefined at some corner.
 */
export function pRange(test: (x: GroupSummary, y: GroupSummary) => TTestResult | null, treated: MeasuredArm, control: MeasuredArm): [number, number] | null {
  const treatedHalf = halfUnit(treated.summary.mean, treated.meanDecimals);
  const controlHalf = halfUnit(control.summary.mean, control.meanDecimals);
  const difference = treated.summary.mean - control.summary.mean;
  const sign = difference >= 0 ? 1 : -1;
  const differences = [Math.abs(difference) + treatedHalf + controlHalf, Math.max(0, Math.abs(difference) - treatedHalf - controlHalf)].map((d) => sign * d);
  const treatedSds = [treated.summary.sd - treated.sdHalfWidth, treated.summary.sd + treated.sdHalfWidth].map((v) => Math.max(1e-9, v));
  const controlSds = [control.summary.sd - control.sdHalfWidth, control.summary.sd + control.sdHalfWidth].map((v) => Math.max(1e-9, v));
  let lowest = Infinity;
  let highest = -Infinity;
  for (const d of differences) {
    for (const treatedSd of treatedSds) {
      for (const controlSd of controlSds) {
        const result = test({ ...treated.summary, mean: control.summary.mean + d, sd: treatedSd }, { ...control.summary, sd: controlSd });
        if (!result) return null;
        lowest = Math.min(lowest, result.p);
        highest = Math.max(highest, result.p);
      }
    }
  }
  return [lowest, highest];
}
