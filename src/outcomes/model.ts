/**
 * The outcome model: from what a participant was given and felt to the CAPS total at every visit.
 *
 * True severity is multiplicative. Every visit's log-reduction from the true baseline T₀ has
 * named parts, each developing with its own time constant after the event that causes it:
 *
 *   therapy       θ_T·e^{u_T} · Σ_j hours_j·(1 − e^{−(d − t_j)/λ_T})          every therapy contact given
 *   pharmacology  θ_D·e^{u_D} · Σ_k Emax(AUC_k)·(1 − e^{−(d − t_k)/λ_D})     every drug session given
 *   expectancy    η · Σ_m (B_m − B_{m−1})·(1 − e^{−(d − t_m)/λ_D})          every change of belief, from B₀ = π
 *
 * therapy and pharmacology scaled by the participant's responsiveness e^{b} (expectancy is not:
 * a belief moves everyone alike, and scaling a negative part by a large multiplier would make
 * disappointment catastrophic), plus a durability trend κ per year
 * after unblinding (κ > 0 keeps improving, κ < 0 drifts back):
 *
 *   T(d) = min(max, T₀ · exp(−e^{b}·(therapy + pharmacology) − expectancy − κ·years since unblinding))
 *
 * A responder at the primary visit can relapse later; from then on a share f of the improvement
 * returns. A rating is T(d) + ε (measurement error, σ_e) plus a rater bias −ρ·(B_R − π) when the
 * rater believes one allocation more than the prior, rounded and kept on the scale.
 *
 * Regression to the mean is structural: the observed baseline O includes the same measurement
 * error, so the true baseline is T₀ = μ + r(O − μ) + √r·σ_e·z with r = 1 − σ_e²/σ² the
 * reliability in the screened population (mean μ, SD σ).
 *
 * Belief B is the participant's probability of being in an experimental arm (belief/belief.ts):
 * it starts at the allocation share π, moves with each blinded session's perceived effects,
 * becomes the truth when the allocation is revealed, and 1 at an open-label session. Dropout
 * before each visit has log-odds logit(p₀) + γ_B·(π − B) + γ_R·[early non-responder]; a share of
 * those who stop treatment stay for assessments (retrieved dropouts).
 *
 * Everything random comes in as draws made beforehand (CourseDraws) and every parameter in an
 * OutcomeModel, so the same function serves the simulator and the calibration's replicates and
 * gives them identical numbers.
 */
import type { BeliefModel } from "../belief/belief.js";
import { beliefFromLogOdds, guessFromBelief, priorLogOdds, updateLogOdds, type Guess } from "../belief/belief.js";
import { perceivedIntensity } from "../belief/subjective.js";
import type { ResponseDefinition } from "../protocol/schema.js";
import type { CoursePlan } from "./plan.js";

/** The parameters of the outcome model for one trial (trial effects folded in), on the trial's scale. */
export interface OutcomeModel {
  readonly therapyPerHour: number;
  readonly therapyOnsetDays: number;
  readonly drugEffect: number;
  readonly ec50: number;
  readonly hill: number;
  /** EC50^hill, computed once as exp(hill·ln EC50) (drugFraction's form). */
  readonly ec50PowHill: number;
  readonly drugOnsetDays: number;
  readonly expectancyEffect: number;
  readonly responsivenessSd: number;
  /** Measurement error SD in points of the trial's scale. */
  readonly measurementErrorSd: number;
  readonly trendPerYear: number;
  readonly relapseHazardPerYear: number;
  readonly relapseWeibullShape: number;
  readonly relapseReturnFraction: number;
  readonly dropoutPerVisit: number;
  readonly dropoutBeliefLogOddsRatio: number;
  readonly dropoutNonResponseLogOddsRatio: number;
  readonly earlyResponsePercent: number;
  readonly retrievedFraction: number;
  /** Rating shift (points of the scale) per unit of rater belief above the prior. */
  readonly raterBiasPoints: number;
  readonly raterLeakProbability: number;
  readonly outcomeRater: "independent" | "site-therapists";
  readonly perceptionNoiseSd: number;
  readonly therapistNoiseSd: number;
  readonly belief: BeliefModel;
  /** The screened population's baseline distribution before truncation (mean, SD): for regression to the mean. */
  readonly populationMean: number;
  readonly populationSd: number;
  readonly scaleMax: number;
  readonly response: ResponseDefinition;
}

/** A participant's random inputs, drawn before the outcome model runs (outcomes/draws.ts). */
export interface CourseDraws {
  readonly zTrueBaseline: number;
  readonly zResponsiveness: number;
  /** Per planned drug session: the participant's and the therapist's perception noise. */
  readonly zPerception: Float64Array;
  readonly zTherapist: Float64Array;
  readonly uRaterLeak: number;
  /** Per visit (index 0, the baseline, unused): assessment error, dropout decision, dropout time. */
  readonly zError: Float64Array;
  readonly uDropout: Float64Array;
  readonly uDropoutWhen: Float64Array;
  readonly uRetrieved: number;
  readonly uRelapse: number;
}

/** What the outcome model needs besides parameters and draws: the plan, the observed baseline, and each planned session's exposure and subjective intensity. */
export interface OutcomeInputs {
  readonly plan: CoursePlan;
  readonly observedBaseline: number;
  /** Per planned drug session: AUC (ng·h/mL) and true subjective intensity (0-1). */
  readonly sessionAuc: Float64Array;
  readonly sessionIntensity: Float64Array;
  readonly draws: CourseDraws;
}

/** Guess codes in typed arrays: experimental, control, don't know. */
export const GUESS_CODES: readonly Guess[] = ["experimental", "control", "dont-know"];

/**
 * The outcome model's results for one participant, in preallocated arrays (one record is reused
 * across participants with the same plan; `reset` happens in runOutcomeModel).
 */
export interface OutcomeRecord {
  /** Per visit: observed total (NaN when not assessed), true severity, and whether the participant was still on treatment. */
  readonly score: Float64Array;
  readonly trueSeverity: Float64Array;
  readonly onTreatment: Uint8Array;
  /** Per visit: the named parts of the log-reduction, and the rating's error and rater bias (points). */
  readonly therapyLog: Float64Array;
  readonly pharmacologyLog: Float64Array;
  readonly expectancyLog: Float64Array;
  readonly trendLog: Float64Array;
  readonly measurementError: Float64Array;
  readonly raterBias: Float64Array;
  readonly relapseShift: Float64Array;
  /** Per planned drug session: given (1) or not, and the participant's and therapist's belief after it. */
  readonly sessionGiven: Uint8Array;
  readonly beliefAfterSession: Float64Array;
  readonly therapistBeliefAfterSession: Float64Array;
  trueBaseline: number;
  responsivenessLog: number;
  /** First visit missed or assessed off treatment (−1: none), the day treatment stopped, and whether assessments went on. */
  dropoutVisit: number;
  dropoutDay: number;
  retrieved: boolean;
  relapseDay: number;
  /** Still in the trial (not withdrawn) at the unblinding visit: only then are guesses recorded. */
  guessed: boolean;
  /** Beliefs at the end of the blinded phase (participant, therapist) and of the rater at the primary visit, and the guesses they lead to. */
  participantBelief: number;
  therapistBelief: number;
  raterBelief: number;
  participantGuess: Guess;
  therapistGuess: Guess;
  raterGuess: Guess;
}

/** A record sized for a plan. */
export function newOutcomeRecord(plan: CoursePlan): OutcomeRecord {
  const v = plan.visits.length;
  const s = plan.drugSessions.length;
  return {
    score: new Float64Array(v),
    trueSeverity: new Float64Array(v),
    onTreatment: new Uint8Array(v),
    therapyLog: new Float64Array(v),
    pharmacologyLog: new Float64Array(v),
    expectancyLog: new Float64Array(v),
    trendLog: new Float64Array(v),
    measurementError: new Float64Array(v),
    raterBias: new Float64Array(v),
    relapseShift: new Float64Array(v),
    sessionGiven: new Uint8Array(s),
    beliefAfterSession: new Float64Array(s),
    therapistBeliefAfterSession: new Float64Array(s),
    trueBaseline: 0,
    responsivenessLog: 0,
    dropoutVisit: -1,
    dropoutDay: Number.POSITIVE_INFINITY,
    retrieved: false,
    relapseDay: Number.POSITIVE_INFINITY,
    guessed: false,
    participantBelief: 0,
    therapistBelief: 0,
    raterBelief: 0,
    participantGuess: "dont-know",
    therapistGuess: "dont-know",
    raterGuess: "dont-know",
  };
}

const DAYS_PER_YEAR = 365.25;

/**
 * Emax of a session's exposure, AUC^h / (AUC^h + EC50^h), from ln AUC (the calibration caches
 * it): AUC^h is exp(h·ln AUC), in one form everywhere so that a replay gives the same number.
 */
export function drugFraction(m: OutcomeModel, logAuc: number): number {
  if (logAuc === Number.NEGATIVE_INFINITY) return 0;
  const a = Math.exp(m.hill * logAuc);
  return a / (a + m.ec50PowHill);
}

/** ln AUC as drugFraction takes it (−∞ for no exposure). */
export function logExposure(auc: number): number {
  return auc > 0 ? Math.log(auc) : Number.NEGATIVE_INFINITY;
}

/** True baseline given the observed one: regression to the mean under the screened population's reliability. */
export function trueBaseline(m: OutcomeModel, observed: number, z: number): number {
  const reliability = Math.max(0.05, 1 - (m.measurementErrorSd * m.measurementErrorSd) / (m.populationSd * m.populationSd));
  const t = m.populationMean + reliability * (observed - m.populationMean) + Math.sqrt(reliability) * m.measurementErrorSd * z;
  return t < 0 ? 0 : t > m.scaleMax ? m.scaleMax : t;
}

/** An observed rating: true severity plus error and bias, rounded, on the scale. */
export function observedRating(scaleMax: number, value: number): number {
  const v = Math.round(value);
  return v <= 0 ? 0 : v > scaleMax ? scaleMax : v; // "<= 0" also turns Math.round's −0 into 0
}

/** A reduction of more than `percent`% from the baseline (none from a baseline of 0). */
const percentResponse = (percent: number, baseline: number, score: number) => baseline > 0 && ((baseline - score) / baseline) * 100 > percent;
/** A reduction of at least `points`. */
const pointsResponse = (points: number, baseline: number, score: number) => baseline - score >= points;

/** Responder by the protocol's definition: a reduction of more than X% or of at least N points. */
export function isResponse(def: ResponseDefinition, baseline: number, score: number): boolean {
  return def.kind === "percent-reduction" ? percentResponse(def.percent, baseline, score) : pointsResponse(def.points, baseline, score);
}

/** isResponse for one definition with its kind read once, for loops over many ratings (the calibration's replay). */
export function responseTest(def: ResponseDefinition): (baseline: number, score: number) => boolean {
  if (def.kind === "percent-reduction") {
    const percent = def.percent;
    return (baseline, score) => percentResponse(percent, baseline, score);
  }
  const points = def.points;
  return (baseline, score) => pointsResponse(points, baseline, score);
}

const ramp = (dt: number, tau: number) => (dt > 0 ? 1 - Math.exp(-dt / tau) : 0);
const logistic = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Beliefs over the blinded sessions the participant was given (all planned blinded sessions
 * before `stopDay`): fills sessionGiven, beliefAfterSession and therapistBeliefAfterSession and
 * the end-of-blinded-phase beliefs. Belief after a session not given stays where it was.
 */
function updateBeliefs(m: OutcomeModel, inp: OutcomeInputs, stopDay: number, rec: OutcomeRecord): void {
  const sessions = inp.plan.drugSessions;
  let participant = priorLogOdds(m.belief);
  let therapist = participant;
  for (let k = 0; k < sessions.length; k++) {
    const s = sessions[k]!;
    const given = s.day < stopDay;
    rec.sessionGiven[k] = given ? 1 : 0;
    if (given && !s.openLabel) {
      participant = updateLogOdds(m.belief, participant, perceivedIntensity(inp.sessionIntensity[k]!, m.perceptionNoiseSd, inp.draws.zPerception[k]!));
      therapist = updateLogOdds(m.belief, therapist, perceivedIntensity(inp.sessionIntensity[k]!, m.therapistNoiseSd, inp.draws.zTherapist[k]!));
    }
    rec.beliefAfterSession[k] = s.openLabel && given ? 1 : beliefFromLogOdds(participant);
    rec.therapistBeliefAfterSession[k] = s.openLabel && given ? 1 : beliefFromLogOdds(therapist);
  }
  rec.participantBelief = beliefFromLogOdds(participant);
  rec.therapistBelief = beliefFromLogOdds(therapist);
}

/** The participant's belief on `day` (before anything that happens on that day). */
function beliefOn(m: OutcomeModel, plan: CoursePlan, rec: OutcomeRecord, day: number, truth: number): number {
  let b = m.belief.prior;
  const sessions = plan.drugSessions;
  for (let k = 0; k < sessions.length && sessions[k]!.day < day; k++) {
    if (sessions[k]!.openLabel) continue;
    if (rec.sessionGiven[k]) b = rec.beliefAfterSession[k]!;
  }
  if (day > plan.unblindDay) b = truth;
  for (let k = 0; k < sessions.length; k++) if (sessions[k]!.openLabel && rec.sessionGiven[k] && sessions[k]!.day < day) b = 1;
  return b;
}

/**
 * The therapist's belief on `day` that the participant received MDMA: from the blinded sessions,
 * the truth after unblinding, and 1 once the therapist has given them open-label MDMA (as the
 * participant's own belief, beliefOn).
 */
function therapistBeliefOn(plan: CoursePlan, rec: OutcomeRecord, day: number, prior: number, truth: number): number {
  let b = prior;
  const sessions = plan.drugSessions;
  for (let k = 0; k < sessions.length && sessions[k]!.day < day; k++) if (!sessions[k]!.openLabel && rec.sessionGiven[k]) b = rec.therapistBeliefAfterSession[k]!;
  if (day > plan.unblindDay) b = truth;
  for (let k = 0; k < sessions.length && sessions[k]!.day < day; k++) if (sessions[k]!.openLabel && rec.sessionGiven[k]) b = 1;
  return b;
}

/** The changes of belief developed by `day`: Σ (B_m − B_{m−1})·(1 − e^{−(d − t_m)/λ_D}), from B₀ = π (η times this is the expectancy part). */
export function beliefChangeOn(m: OutcomeModel, plan: CoursePlan, rec: OutcomeRecord, day: number, truth: number): number {
  let total = 0;
  let previous = m.belief.prior;
  const sessions = plan.drugSessions;
  let unblinded = false;
  for (let k = 0; k < sessions.length; k++) {
    const s = sessions[k]!;
    if (!rec.sessionGiven[k] || s.day >= day) continue;
    if (s.openLabel && !unblinded && plan.unblindDay < s.day) {
      total += (truth - previous) * ramp(day - plan.unblindDay, m.drugOnsetDays);
      previous = truth;
      unblinded = true;
    }
    const next = s.openLabel ? 1 : rec.beliefAfterSession[k]!;
    total += (next - previous) * ramp(day - s.day, m.drugOnsetDays);
    previous = next;
  }
  if (!unblinded && day > plan.unblindDay) total += (truth - previous) * ramp(day - plan.unblindDay, m.drugOnsetDays);
  return total;
}

/** Therapy hours developed by `day` (contacts before the day treatment stopped). */
export function therapyHoursOn(m: OutcomeModel, plan: CoursePlan, rec: OutcomeRecord, day: number, stopDay: number): number {
  let h = 0;
  for (let j = 0; j < plan.therapyDays.length; j++) {
    const t = plan.therapyDays[j]!;
    if (t >= day) break;
    const session = plan.therapySession[j]!;
    if (t >= stopDay || (session >= 0 && !rec.sessionGiven[session])) continue;
    h += plan.therapyHours[j]! * ramp(day - t, m.therapyOnsetDays);
  }
  return h;
}

/** The drug sessions given before `day` and their onset ramps (1 − e^{−(d − t_k)/λ_D}), in session order. */
export function drugRampsOn(m: OutcomeModel, plan: CoursePlan, rec: OutcomeRecord, day: number): { sessions: number[]; ramps: number[] } {
  const sessions: number[] = [];
  const ramps: number[] = [];
  for (let k = 0; k < plan.drugSessions.length; k++) {
    if (!rec.sessionGiven[k] || plan.drugSessions[k]!.day >= day) continue;
    sessions.push(k);
    ramps.push(ramp(day - plan.drugSessions[k]!.day, m.drugOnsetDays));
  }
  return { sessions, ramps };
}

/** Pharmacological effect developed by `day`: Σ Emax(AUC_k)·ramp_k over the sessions given before it. */
function pharmacologyOn(m: OutcomeModel, inp: OutcomeInputs, rec: OutcomeRecord, day: number): number {
  let total = 0;
  const sessions = inp.plan.drugSessions;
  for (let k = 0; k < sessions.length; k++) {
    if (!rec.sessionGiven[k] || sessions[k]!.day >= day) continue;
    total += drugFraction(m, logExposure(inp.sessionAuc[k]!)) * ramp(day - sessions[k]!.day, m.drugOnsetDays);
  }
  return total;
}

/**
 * log-reduction of a visit from its developed parts, with `responsiveness` = e^{b}:
 * e^{b}·(θ_T·H + θ_D·D) + η·E + trend. One
 * function, so the calibration's replay of cached visits does the same arithmetic.
 */
export function logReductionOf(m: OutcomeModel, responsiveness: number, hours: number, drug: number, beliefChange: number, trend: number): number {
  return responsiveness * (m.therapyPerHour * hours) + responsiveness * (m.drugEffect * drug) + m.expectancyEffect * beliefChange + trend;
}

/** Years since unblinding on `day` times the trend (0 before unblinding). */
export function trendOn(m: OutcomeModel, plan: CoursePlan, day: number): number {
  return trendAfter(m, day - plan.unblindDay);
}

/** The trend's log-reduction `daysSinceUnblinding` days after unblinding (0 before). */
export function trendAfter(m: OutcomeModel, daysSinceUnblinding: number): number {
  return daysSinceUnblinding > 0 ? (m.trendPerYear * daysSinceUnblinding) / DAYS_PER_YEAR : 0;
}

/** Rater belief at a visit: the therapist's (site raters) or, for independent raters, the participant's when it leaked, else the prior. */
function raterBeliefOn(m: OutcomeModel, participantBelief: number, therapistBelief: number, leaked: boolean): number {
  if (m.outcomeRater === "site-therapists") return therapistBelief;
  return leaked ? participantBelief : m.belief.prior;
}

/** Dropout probability before a visit, from belief and early non-response. */
function dropoutProbability(m: OutcomeModel, belief: number, earlyNonResponder: boolean): number {
  let x = logit(m.dropoutPerVisit) + m.dropoutBeliefLogOddsRatio * (m.belief.prior - belief);
  if (earlyNonResponder) x += m.dropoutNonResponseLogOddsRatio;
  return logistic(x);
}

/** Decide dropout before visit v; returns true when the participant stops treatment there. */
function decideDropout(m: OutcomeModel, inp: OutcomeInputs, rec: OutcomeRecord, v: number, lastScore: number, belief: number): boolean {
  if (m.dropoutPerVisit <= 0) return false;
  const improvedPercent = inp.observedBaseline > 0 ? ((inp.observedBaseline - lastScore) / inp.observedBaseline) * 100 : 0;
  const early = v > 1 && improvedPercent < m.earlyResponsePercent;
  if (!(inp.draws.uDropout[v]! < dropoutProbability(m, belief, early))) return false;
  const visits = inp.plan.visits;
  rec.dropoutVisit = v;
  rec.dropoutDay = visits[v - 1]!.day + inp.draws.uDropoutWhen[v]! * (visits[v]!.day - visits[v - 1]!.day);
  rec.retrieved = inp.draws.uRetrieved < m.retrievedFraction;
  return true;
}

/** The points a relapse adds back: a share of the improvement the participant had at the primary visit. */
export function relapseShift(m: OutcomeModel, trueBaselineValue: number, primaryTrue: number): number {
  return m.relapseReturnFraction * Math.max(0, trueBaselineValue - primaryTrue);
}

/** Day of relapse for a responder at the primary visit (Weibull time from the uniform `u`), or +∞ with no hazard. */
export function relapseDayAfter(m: OutcomeModel, primaryDay: number, u: number): number {
  if (!(m.relapseHazardPerYear > 0)) return Number.POSITIVE_INFINITY;
  return primaryDay + (Math.pow(-Math.log(u), 1 / m.relapseWeibullShape) / m.relapseHazardPerYear) * DAYS_PER_YEAR;
}

/** A rater's shift of a rating (points): −ρ·(belief − prior). */
export function raterBiasOf(m: OutcomeModel, raterBelief: number): number {
  return -m.raterBiasPoints * (raterBelief - m.belief.prior);
}

function resetRecord(rec: OutcomeRecord): void {
  rec.score.fill(Number.NaN);
  rec.trueSeverity.fill(Number.NaN);
  rec.onTreatment.fill(0);
  for (const a of [rec.therapyLog, rec.pharmacologyLog, rec.expectancyLog, rec.trendLog, rec.measurementError, rec.raterBias, rec.relapseShift]) a.fill(0);
  rec.dropoutVisit = -1;
  rec.dropoutDay = Number.POSITIVE_INFINITY;
  rec.retrieved = false;
  rec.relapseDay = Number.POSITIVE_INFINITY;
  rec.guessed = false;
}

/** The log-reduction parts on a visit's day, written into the record; returns the true severity (before any relapse). */
function severityOn(m: OutcomeModel, inp: OutcomeInputs, rec: OutcomeRecord, v: number, truth: number): number {
  const day = inp.plan.visits[v]!.day;
  const scale = Math.exp(rec.responsivenessLog);
  const hours = therapyHoursOn(m, inp.plan, rec, day, rec.dropoutDay);
  const drug = pharmacologyOn(m, inp, rec, day);
  const belief = beliefChangeOn(m, inp.plan, rec, day, truth);
  const trend = trendOn(m, inp.plan, day);
  rec.therapyLog[v] = scale * (m.therapyPerHour * hours);
  rec.pharmacologyLog[v] = scale * (m.drugEffect * drug);
  rec.expectancyLog[v] = m.expectancyEffect * belief;
  rec.trendLog[v] = trend;
  return severityFromLog(m, rec.trueBaseline, logReductionOf(m, scale, hours, drug, belief, trend));
}

/** True severity from the true baseline and the log-reduction, capped at the scale's maximum. */
export function severityFromLog(m: OutcomeModel, trueBaselineValue: number, logReduction: number): number {
  const t = trueBaselineValue * Math.exp(-logReduction);
  return t > m.scaleMax ? m.scaleMax : t;
}

/**
 * Run the outcome model for one participant: beliefs, dropout, true severity with its parts,
 * ratings, relapse and guesses, written into `rec`.
 */
export function runOutcomeModel(m: OutcomeModel, inp: OutcomeInputs, rec: OutcomeRecord): void {
  resetRecord(rec);
  const plan = inp.plan;
  const draws = inp.draws;
  const truth = plan.experimental ? 1 : 0;
  rec.trueBaseline = trueBaseline(m, inp.observedBaseline, draws.zTrueBaseline);
  rec.responsivenessLog = m.responsivenessSd * draws.zResponsiveness;
  // Dropout decisions need beliefs, which need to know which sessions were given: decide
  // visit by visit, recomputing beliefs up to the current stop day (sessions before it).
  updateBeliefs(m, inp, Number.POSITIVE_INFINITY, rec);
  const visits = plan.visits;
  const leaked = draws.uRaterLeak < m.raterLeakProbability;
  let lastScore = inp.observedBaseline;
  let primaryTrue = Number.NaN;
  let withdrawn = false;
  rec.score[0] = inp.observedBaseline;
  rec.trueSeverity[0] = rec.trueBaseline;
  rec.onTreatment[0] = 1;
  for (let v = 1; v < visits.length; v++) {
    const day = visits[v]!.day;
    if (rec.dropoutVisit < 0 && decideDropout(m, inp, rec, v, lastScore, beliefOn(m, plan, rec, visits[v - 1]!.day + 1e-9, truth))) {
      updateBeliefs(m, inp, rec.dropoutDay, rec);
      withdrawn = !rec.retrieved;
    }
    if (withdrawn) continue;
    rec.onTreatment[v] = rec.dropoutVisit < 0 ? 1 : 0;
    let t = severityOn(m, inp, rec, v, truth);
    if (day >= rec.relapseDay) {
      rec.relapseShift[v] = relapseShift(m, rec.trueBaseline, primaryTrue);
      t = Math.min(m.scaleMax, t + rec.relapseShift[v]!);
    }
    rec.trueSeverity[v] = t;
    const belief = beliefOn(m, plan, rec, day, truth);
    const raterBelief = raterBeliefOn(m, belief, therapistBeliefOn(plan, rec, day, m.belief.prior, truth), leaked);
    const bias = raterBiasOf(m, raterBelief);
    const error = m.measurementErrorSd * draws.zError[v]!;
    rec.raterBias[v] = bias;
    rec.measurementError[v] = error;
    const score = observedRating(m.scaleMax, t + error + bias);
    rec.score[v] = score;
    lastScore = score;
    if (v === plan.primaryVisit) {
      primaryTrue = t;
      rec.raterBelief = raterBelief;
      if (isResponse(m.response, inp.observedBaseline, score)) rec.relapseDay = relapseDayAfter(m, day, draws.uRelapse);
    }
  }
  rec.guessed = !Number.isNaN(rec.score[plan.unblindVisit]!);
  if (!(plan.primaryVisit >= 0 && !Number.isNaN(rec.score[plan.primaryVisit]!))) rec.raterBelief = m.belief.prior;
  rec.participantGuess = guessFromBelief(m.belief, rec.participantBelief);
  rec.therapistGuess = guessFromBelief(m.belief, rec.therapistBelief);
  rec.raterGuess = guessFromBelief(m.belief, rec.raterBelief);
}
