/**
 * The symptom model. Severity is multiplicative: each experimental session removes a share of
 * what remains, through a psychotherapy component every arm receives and a drug component that
 * grows with the session's exposure (an Emax model on AUC). A participant's responsiveness
 * scales both; a trial's random effects scale each component for everyone in that trial.
 *
 *   S(d) = e^{b_i} · Σ_k [ θ_T·e^{u_T}·(1 − e^{−(d − t_k)/λ_T}) + θ_D·e^{u_D}·Emax(AUC_k)·(1 − e^{−(d − t_k)/λ_D}) ]
 *   true severity(d) = baseline · e^{−S(d)}
 *   CAPS(d) = clamp(round(true severity + ε), 0, scale max),   ε ~ N(0, σ_e²)
 *
 * with Emax(AUC) = AUC^h / (AUC^h + EC50^h), the sum over sessions k given before day d.
 */
import type { Parameters } from "../params/table.js";
import type { ScaleId } from "../protocol/scales.js";
import { SCALES } from "../protocol/scales.js";
import type { ResponseDefinition, Endpoints } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";

/** Trial-level random effects on the log scale (0 = a typical trial). */
export interface TrialEffects {
  readonly therapyLog: number;
  readonly drugLog: number;
}

export const TYPICAL_TRIAL: TrialEffects = { therapyLog: 0, drugLog: 0 };

export interface EfficacyModel {
  readonly therapyEffect: number;
  readonly drugEffect: number;
  readonly ec50: number;
  readonly hill: number;
  readonly drugOnsetDays: number;
  readonly therapyOnsetDays: number;
  /** Measurement error SD in points of the protocol's scale. */
  readonly measurementErrorSd: number;
  readonly scaleMax: number;
}

/** The efficacy model for a scale and a trial (trial effects folded into the component sizes). */
export function efficacyModel(p: Parameters, scale: ScaleId, effects: TrialEffects): EfficacyModel {
  const info = SCALES[scale];
  return {
    therapyEffect: p["efficacy.therapyEffectPerSession"] * Math.exp(effects.therapyLog),
    drugEffect: p["efficacy.drugEffectPerSession"] * Math.exp(effects.drugLog),
    ec50: p["efficacy.ec50AucNgHPerMl"],
    hill: p["efficacy.hill"],
    drugOnsetDays: p["efficacy.drugOnsetDays"],
    therapyOnsetDays: p["efficacy.therapyOnsetDays"],
    // The error is specified in CAPS-IV points; CAPS-5 totals span 80/136 of that range.
    measurementErrorSd: (p["efficacy.measurementErrorSd"] * info.max) / SCALES["CAPS-IV"].max,
    scaleMax: info.max,
  };
}

/** Drug effect fraction for a session's exposure, 0..1. */
export function exposureResponse(m: EfficacyModel, auc: number): number {
  if (auc <= 0) return 0;
  if (m.hill === 1) return auc / (auc + m.ec50);
  const a = Math.pow(auc, m.hill);
  return a / (a + Math.pow(m.ec50, m.hill));
}

/**
 * The cumulative log-reduction S(d) on `day` from sessions given on `sessionDays` with drug
 * effect fractions `drugFractions`, for a participant with responsiveness e^{b}.
 */
export function logReduction(m: EfficacyModel, responsivenessLog: number, day: number, sessionDays: ArrayLike<number>, drugFractions: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < sessionDays.length; k++) {
    const dt = day - sessionDays[k]!;
    if (dt <= 0) continue;
    s += m.therapyEffect * (1 - Math.exp(-dt / m.therapyOnsetDays)) + m.drugEffect * drugFractions[k]! * (1 - Math.exp(-dt / m.drugOnsetDays));
  }
  return s * Math.exp(responsivenessLog);
}

/**
 * The onset factors of logReduction, (1 − e^{−dt/λ_T}) and (1 − e^{−dt/λ_D}) for each session
 * given before `day` (0 for sessions not yet given), for callers that evaluate the same visits
 * under many parameter values (the calibration). logReductionFromRamps then gives exactly
 * logReduction's value: the same operations in the same order.
 */
export function onsetRamps(m: EfficacyModel, day: number, sessionDays: ArrayLike<number>): { therapy: Float64Array; drug: Float64Array } {
  const therapy = new Float64Array(sessionDays.length);
  const drug = new Float64Array(sessionDays.length);
  for (let k = 0; k < sessionDays.length; k++) {
    const dt = day - sessionDays[k]!;
    if (dt <= 0) continue;
    therapy[k] = 1 - Math.exp(-dt / m.therapyOnsetDays);
    drug[k] = 1 - Math.exp(-dt / m.drugOnsetDays);
  }
  return { therapy, drug };
}

export function logReductionFromRamps(m: EfficacyModel, responsivenessLog: number, therapyRamp: ArrayLike<number>, drugRamp: ArrayLike<number>, drugFractions: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < therapyRamp.length; k++) {
    if (therapyRamp[k] === 0 && drugRamp[k] === 0) continue;
    s += m.therapyEffect * therapyRamp[k]! + m.drugEffect * drugFractions[k]! * drugRamp[k]!;
  }
  return s * Math.exp(responsivenessLog);
}

/** An observed score from a true severity and a standard normal draw: rounded, on the scale. */
export function observedScore(m: EfficacyModel, trueSeverity: number, z: number): number {
  const v = Math.round(trueSeverity + m.measurementErrorSd * z);
  return v <= 0 ? 0 : v > m.scaleMax ? m.scaleMax : v; // "<= 0" also turns Math.round's -0 into 0
}

/** Responder by the protocol's definition: a reduction of more than X% or of at least N points. */
export function isResponder(def: ResponseDefinition, baseline: number, score: number): boolean {
  if (def.kind === "percent-reduction") return baseline > 0 && ((baseline - score) / baseline) * 100 > def.percent;
  return baseline - score >= def.points;
}

export function lostDiagnosis(endpoints: Endpoints, score: number): boolean {
  return score < endpoints.lossOfDiagnosis.belowScore;
}

export function inRemission(endpoints: Endpoints, score: number): boolean {
  return score <= endpoints.remission.maxScore && (!endpoints.remission.requireLossOfDiagnosis || lostDiagnosis(endpoints, score));
}

/**
 * A new trial's random effects: trials differ (MP-12 and MP-2 showed far smaller effects than
 * MP-1 and MP-8), so each simulated trial can draw its own psychotherapy and drug effect sizes
 * from the between-trial distribution. Drawn from the stream ["trial", t, "trial-effects"].
 */
export function sampleTrialEffects(root: StreamRoot, trial: number, p: Parameters): TrialEffects {
  const rng = stream(root, ["trial", trial, "trial-effects"]);
  const zT = standardNormal(rng);
  const zD = standardNormal(rng);
  return { therapyLog: p["efficacy.trialTherapyLogSd"] * zT, drugLog: p["efficacy.trialDrugLogSd"] * zD };
}
