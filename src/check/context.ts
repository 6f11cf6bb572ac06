/**
 * What every check rule reads: the validated published result and the facts derived from it
 * once (its scale, its control and treated arms, the measure compared, each treated arm's
 * summaries, the primary comparison) and, when it ran, the comparison with simulated trials.
 * A rule is a function of this context returning rows; it never recomputes these facts.
 */
import { standardizedDifference } from "../analysis/effect-size.js";
import { preset } from "../protocol/presets.js";
import { SCALES, type ScaleInfo } from "../protocol/scales.js";
import { measuredArm, type Measure, type MeasuredArm } from "./reported.js";
import type { PublishedArm, PublishedResult } from "./schema.js";
import type { SimulatedComparison } from "./simulation.js";
import type { CheckRow } from "./types.js";

/** A treated arm against the control, with each side's summary of the compared measure when it has one. */
export interface ArmComparison {
  readonly treatedArm: PublishedArm;
  readonly controlArm: PublishedArm;
  /** "treated vs control", as rows name the comparison. */
  readonly label: string;
  readonly treated: MeasuredArm | undefined;
  readonly control: MeasuredArm | undefined;
}

/** The first comparison with a standardized difference (n ≥ 2 and a spread in each arm): what the simulation and the design analysis use. */
export interface PrimaryComparison {
  readonly treated: MeasuredArm;
  readonly control: MeasuredArm;
  readonly controlArm: PublishedArm;
  /** The published Hedges' g, treated − control. */
  readonly publishedG: number;
  /** Welch's standard error of the difference in means, points. */
  readonly differenceSe: number;
  /** The pooled SD of the two arms, points (to turn an assumed g into a difference). */
  readonly pooledSd: number;
}

export interface CheckContext {
  readonly result: PublishedResult;
  readonly scale: ScaleInfo;
  /** The control arm when there is exactly one. */
  readonly controlArm: PublishedArm | undefined;
  readonly treatedArms: readonly PublishedArm[];
  /** The measure the reported test compared: stated, else change when every arm reports it, else endpoint. */
  readonly measure: Measure;
  /** Each treated arm against the control (empty without exactly one control). */
  readonly comparisons: readonly ArmComparison[];
  readonly primary: PrimaryComparison | undefined;
  /** The comparison with simulated trials, when it ran. */
  readonly simulation: SimulatedComparison | null;
  /** Why there is no simulation (null when there is one, or when there is no primary comparison to simulate). */
  readonly simulationSkipped: string | null;
}

/** A check rule: one concept, judged from the context, as zero or more rows. */
export type CheckRule = (context: CheckContext) => CheckRow[];

/** The summaries every per-arm rule looks at. */
export const SUMMARY_MEASURES = ["baseline", "endpoint", "change"] as const;

/** The scale the figures are on: stated, else the preset's, else CAPS-IV (the schema has checked that the two agree). */
function scaleOf(result: PublishedResult): ScaleInfo {
  const presetScale = result.design.preset ? preset(result.design.preset).endpoints.scale : undefined;
  return SCALES[result.design.scale ?? presetScale ?? "CAPS-IV"];
}

/** The first comparison whose standardized difference is defined. */
function primaryOf(comparisons: readonly ArmComparison[]): PrimaryComparison | undefined {
  for (const comparison of comparisons) {
    const { treated, control } = comparison;
    if (!treated || !control) continue;
    const effect = standardizedDifference(treated.summary, control.summary);
    if (!effect) continue;
    const t = treated.summary;
    const c = control.summary;
    const differenceSe = Math.sqrt(t.sd ** 2 / t.n + c.sd ** 2 / c.n);
    const pooledSd = Math.sqrt(((t.n - 1) * t.sd ** 2 + (c.n - 1) * c.sd ** 2) / (t.n + c.n - 2));
    return { treated, control, controlArm: comparison.controlArm, publishedG: effect.g, differenceSe, pooledSd };
  }
  return undefined;
}

/** The context without a simulation: everything derived from the published result alone. */
export function publishedContext(result: PublishedResult): CheckContext {
  const controls = result.arms.filter((a) => a.role === "control");
  const treatedArms = result.arms.filter((a) => a.role === "treatment");
  const controlArm = controls.length === 1 ? controls[0] : undefined;
  const measure: Measure = result.reported.measure ?? (result.arms.every((a) => a.change) ? "change" : "endpoint");
  const comparisons: ArmComparison[] = controlArm
    ? treatedArms.map((treatedArm) => ({ treatedArm, controlArm, label: `${treatedArm.id} vs ${controlArm.id}`, treated: measuredArm(treatedArm, measure), control: measuredArm(controlArm, measure) }))
    : [];
  return { result, scale: scaleOf(result), controlArm, treatedArms, measure, comparisons, primary: primaryOf(comparisons), simulation: null, simulationSkipped: null };
}
