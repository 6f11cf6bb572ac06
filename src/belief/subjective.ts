/**
 * Subjective effects of one drug session: an intensity on [0, 1] relative to a typical 125 mg
 * session, from the session's exposure. Plasma concentration is the strongest predictor of
 * MDMA's subjective effects (Studerus et al. 2021, n = 194), so intensity is an Emax function of
 * the session's AUC relative to the AUC of 125 mg (de la Torre et al. 2000):
 *
 *   I = x^γ / (x^γ + x50^γ),   x = AUC / AUC(125 mg)
 *
 * An inactive placebo has intensity 0; an active comparator has the intensity the protocol gives
 * it. What a participant perceives is I plus noise (perceivedIntensity).
 */
import type { Parameters } from "../params/table.js";

/** Subjective intensity of an MDMA session with exposure `aucNgHPerMl`. */
export function mdmaIntensity(params: Parameters, aucNgHPerMl: number): number {
  if (!(aucNgHPerMl > 0)) return 0;
  const x = aucNgHPerMl / params["belief.referenceAucNgHPerMl"];
  const hill = params["belief.intensityHill"];
  const xh = Math.pow(x, hill);
  return xh / (xh + Math.pow(params["belief.intensityAucRatio50"], hill));
}

/** Subjective intensity of a session: MDMA's from its exposure, or the comparator's when one was given instead. */
export function sessionIntensity(params: Parameters, aucNgHPerMl: number, comparatorIntensity: number | undefined): number {
  return comparatorIntensity !== undefined ? comparatorIntensity : mdmaIntensity(params, aucNgHPerMl);
}

/** Intensity as perceived: the true intensity plus a standard normal `z` times the perception SD. */
export function perceivedIntensity(intensity: number, noiseSd: number, z: number): number {
  return intensity + noiseSd * z;
}
