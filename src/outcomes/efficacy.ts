/**
 * The outcome model's parameters for one trial: the parameter table's values on the trial's
 * scale, with the trial's random effects folded in (trials differ: MP-12 and MP-2 showed far
 * smaller effects than MP-1 and MP-8), and the endpoint definitions (response, loss of
 * diagnosis, remission) applied to ratings.
 */
import type { Parameters } from "../params/table.js";
import { SCALES } from "../protocol/scales.js";
import type { Endpoints, Protocol } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import type { TrialBlinding } from "./plan.js";
import { isResponse, type OutcomeModel } from "./model.js";

/** Trial-level random effects on the log scale (0 = a typical trial). */
export interface TrialEffects {
  readonly therapyLog: number;
  readonly drugLog: number;
}

/** The effects of a typical trial (both 0). */
export const TYPICAL_TRIAL: TrialEffects = { therapyLog: 0, drugLog: 0 };

/** The screened population's baseline distribution before truncation, on the trial's scale. */
export interface PopulationBaseline {
  readonly mu: number;
  readonly sigma: number;
}

/** The outcome model for a protocol, its blinding, its population and a trial's random effects. */
export function outcomeModel(p: Parameters, protocol: Protocol, blinding: TrialBlinding, population: PopulationBaseline, effects: TrialEffects): OutcomeModel {
  const scaleMax = SCALES[protocol.endpoints.scale].max;
  // Points are specified on CAPS-IV; CAPS-5 totals span 80/136 of that range.
  const points = scaleMax / SCALES["CAPS-IV"].max;
  return {
    therapyPerHour: p["efficacy.therapyEffectPerHour"] * Math.exp(effects.therapyLog),
    therapyOnsetDays: p["efficacy.therapyOnsetDays"],
    drugEffect: p["efficacy.drugEffectPerSession"] * Math.exp(effects.drugLog),
    ec50: p["efficacy.ec50AucNgHPerMl"],
    hill: p["efficacy.hill"],
    ec50PowHill: Math.exp(p["efficacy.hill"] * Math.log(p["efficacy.ec50AucNgHPerMl"])),
    drugOnsetDays: p["efficacy.drugOnsetDays"],
    expectancyEffect: p["expectancy.effect"],
    responsivenessSd: p["efficacy.responsivenessLogSd"],
    measurementErrorSd: p["efficacy.measurementErrorSd"] * points,
    trendPerYear: p["durability.trendPerYear"],
    relapseHazardPerYear: p["relapse.hazardPerYear"],
    relapseWeibullShape: p["relapse.weibullShape"],
    relapseReturnFraction: p["relapse.returnFraction"],
    dropoutPerVisit: p["dropout.perVisitProbability"],
    dropoutBeliefLogOddsRatio: p["dropout.beliefLogOddsRatio"],
    dropoutNonResponseLogOddsRatio: Math.log(p["dropout.nonResponseOddsRatio"]),
    earlyResponsePercent: p["dropout.earlyResponsePercent"],
    retrievedFraction: p["dropout.retrievedFraction"],
    raterBiasPoints: p["rater.biasPoints"] * points,
    raterLeakProbability: p["rater.leakProbability"],
    outcomeRater: blinding.outcomeRater,
    perceptionNoiseSd: p["belief.perceptionNoiseSd"],
    therapistNoiseSd: p["belief.therapistNoiseSd"],
    belief: blinding.belief,
    populationMean: population.mu,
    populationSd: population.sigma,
    scaleMax,
    response: protocol.endpoints.response,
  };
}

/** Responder by the protocol's definition: a reduction of more than X% or of at least N points. */
export function isResponder(def: Endpoints["response"], baseline: number, score: number): boolean {
  return isResponse(def, baseline, score);
}

/** Diagnosis lost: the total falls below the protocol's cutoff. */
export function lostDiagnosis(endpoints: Endpoints, score: number): boolean {
  return score < endpoints.lossOfDiagnosis.belowScore;
}

/** Remission: at or below the protocol's maximum score, with loss of diagnosis when the protocol requires it. */
export function inRemission(endpoints: Endpoints, score: number): boolean {
  return score <= endpoints.remission.maxScore && (!endpoints.remission.requireLossOfDiagnosis || lostDiagnosis(endpoints, score));
}

/**
 * A new trial's random effects, drawn from the between-trial distribution with the stream
 * ["trial", t, "trial-effects"].
 */
export function sampleTrialEffects(root: StreamRoot, trial: number, p: Parameters): TrialEffects {
  const rng = stream(root, ["trial", trial, "trial-effects"]);
  const zT = standardNormal(rng);
  const zD = standardNormal(rng);
  return { therapyLog: p["efficacy.trialTherapyLogSd"] * zT, drugLog: p["efficacy.trialDrugLogSd"] * zD };
}
