/**
 * What participants (and therapists, and raters) believe they received.
 *
 * At each blinded drug session a participant feels the drug's subjective effects, an intensity
 * on [0, 1] relative to a typical 125 mg session (see subjective.ts), perceived with noise. They
 * know from the consent form which treatments the trial compares and in what proportion, so
 * their belief that they are in an experimental (MDMA) arm starts at the allocation share π and
 * is updated like a Bayesian observer comparing two hypotheses: "MDMA" (expected to feel like
 * μ_A) against "control" (expected to feel like μ_C: nothing for an inactive placebo, something
 * mild for a low dose, the comparator's effects for an active comparator). Each session adds a
 * log-likelihood ratio β·(perceived − (μ_A + μ_C)/2) to the log-odds. A guess is "experimental"
 * above 1/2 + δ, "control" below 1/2 − δ, and "don't know" in between.
 *
 * Beliefs are plain numbers in (0, 1); the functions here are pure and allocation-free, so the
 * calibration can recompute them for any parameter values.
 */

/** A stated guess of allocation. */
export type Guess = "experimental" | "control" | "dont-know";

/** What kind of control arm the trial has (protocol.blinding.placebo). */
export type PlaceboKind = "inactive" | "low-dose-mdma" | "active-comparator";

/** Everything a belief update needs, fixed for a trial. */
export interface BeliefModel {
  /** Prior probability of being in an experimental arm: their share of the allocation. */
  readonly prior: number;
  /** Subjective intensity expected from MDMA (1: a typical 125 mg session). */
  readonly expectedActiveIntensity: number;
  /** Subjective intensity expected from the control treatment. */
  readonly expectedControlIntensity: number;
  /** Log-likelihood ratio per unit of perceived intensity above the midpoint. */
  readonly sharpness: number;
  /** Half-width of the "don't know" band around 1/2. */
  readonly dontKnowHalfWidth: number;
}

const logit = (p: number) => Math.log(p / (1 - p));

/** The log-odds a belief starts from (the allocation prior). */
export function priorLogOdds(model: BeliefModel): number {
  return logit(model.prior);
}

/** Log-odds after one more session whose effects were perceived at `perceivedIntensity`. */
export function updateLogOdds(model: BeliefModel, logOdds: number, perceivedIntensity: number): number {
  const midpoint = 0.5 * (model.expectedActiveIntensity + model.expectedControlIntensity);
  return logOdds + model.sharpness * (perceivedIntensity - midpoint);
}

/** Probability from log-odds, computed stably for large |log-odds|. */
export function beliefFromLogOdds(logOdds: number): number {
  return logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
}

/** The guess a belief leads to. */
export function guessFromBelief(model: BeliefModel, belief: number): Guess {
  if (belief > 0.5 + model.dontKnowHalfWidth) return "experimental";
  if (belief < 0.5 - model.dontKnowHalfWidth) return "control";
  return "dont-know";
}
