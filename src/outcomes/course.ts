/**
 * A participant's whole course: the drug sessions the plan holds (blinded, then any open-label
 * crossover), with the CYP2D6 inhibition one session leaves for the next; then the outcome model
 * (model.ts) on those exposures: beliefs and guesses, dropout, the CAPS total at every visit
 * with its parts, relapse. Everything is replayable from (seed, trial, participant).
 */
import type { Parameters } from "../params/table.js";
import type { Protocol, Assessment, GuessSchedule } from "../protocol/schema.js";
import type { StreamRoot } from "../random/rng.js";
import { recoverEnzyme } from "../pk/model.js";
import { sampleParticipant, type Participant, type PopulationModel } from "../participants/participant.js";
import { simulateSession, type Detail, type SessionOutcome, type SessionPlan } from "../session/simulate.js";
import type { Guess } from "../belief/belief.js";
import { sessionIntensity } from "../belief/subjective.js";
import { coursePlan, planUpTo, trialBlinding, type CoursePlan, type PlannedDrugSession, type TrialBlinding } from "./plan.js";
import { drawCourse } from "./draws.js";
import { newOutcomeRecord, runOutcomeModel, type OutcomeModel, type OutcomeRecord } from "./model.js";
import { outcomeModel, isResponder, lostDiagnosis, inRemission, type TrialEffects } from "./efficacy.js";

/** How one rating came about, in points of the scale: the parts add up to the change from the observed baseline. */
export interface RatingParts {
  /** Observed baseline minus true baseline, with the sign it has in the change (regression to the mean when positive at baseline). */
  readonly regressionToMean: number;
  /** Improvement from each named part of the log-reduction (negative: lower CAPS). */
  readonly therapy: number;
  readonly pharmacology: number;
  readonly expectancy: number;
  readonly trend: number;
  readonly relapse: number;
  /** The scale's ceiling on the true severity: the points a severity above the scale's maximum is held down by (0 or negative). */
  readonly ceiling: number;
  readonly raterBias: number;
  readonly measurementError: number;
  /** Rounding of the rating to a whole total within the scale's floor and ceiling. */
  readonly rounding: number;
}

export interface AssessmentOutcome {
  readonly id: string;
  readonly day: number;
  readonly kind: Assessment["kind"];
  readonly label: string;
  /** Observed CAPS total, or null when the participant had left the trial. */
  readonly score: number | null;
  /** Severity without measurement error or rater bias (for teaching and diagnostics; not observable in a trial). */
  readonly trueSeverity: number | null;
  readonly changeFromBaseline: number | null;
  readonly responder: boolean | null;
  readonly lostDiagnosis: boolean | null;
  readonly remission: boolean | null;
  /** False for ratings after treatment stopped (a retrieved dropout). */
  readonly onTreatment: boolean;
  /** The change from baseline taken apart (null when not assessed; zeros at baseline). */
  readonly parts: RatingParts | null;
}

/** What the participant, the therapist and the rater believed, and what they guessed. */
export interface BlindingOutcome {
  /** Whether the participant was still in the trial when the allocation was revealed. */
  readonly guessed: boolean;
  /**
   * Whose guess about this participant the trial records, by the protocol's guess schedule
   * (blinding.guesses): "end-of-blinded-phase" asks those still in the trial when the allocation
   * is revealed, "after-each-session" anyone who had a blinded session (their last guess: the one
   * after their last blinded session), the rater's "at-primary" those rated at the primary visit,
   * "none" nobody.
   */
  readonly asked: { readonly participant: boolean; readonly therapist: boolean; readonly rater: boolean };
  /** Probability of an experimental arm after each drug session given (participant, therapist). */
  readonly beliefAfterSession: readonly number[];
  readonly participantBelief: number;
  readonly participantGuess: Guess;
  readonly therapistBelief: number;
  readonly therapistGuess: Guess;
  /** The rater's belief and guess at the primary visit. */
  readonly raterBelief: number;
  readonly raterGuess: Guess;
}

export interface CourseOutcome {
  readonly trial: number;
  readonly participant: Participant;
  readonly armId: string;
  /** The drug sessions given, blinded then open-label. */
  readonly sessions: readonly SessionOutcome[];
  readonly assessments: readonly AssessmentOutcome[];
  readonly trueBaseline: number;
  readonly blinding: BlindingOutcome;
  /** Set when the participant stopped treatment: the day, the first visit missed or rated off treatment, and whether they stayed for assessments. */
  readonly dropout?: { readonly day: number; readonly beforeAssessmentId: string; readonly retrieved: boolean };
  /** Set for a responder at the primary endpoint: the day they relapse and the months after the primary visit (possibly after the last visit). */
  readonly relapse?: { readonly day: number; readonly monthsAfterPrimary: number };
}

/** Days per month used for follow-up times. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** What every course of a trial shares: the plans of each arm, the blinding, and the outcome model with the trial's effects. */
export interface CourseSetting {
  readonly protocol: Protocol;
  readonly params: Parameters;
  readonly population: PopulationModel;
  readonly blinding: TrialBlinding;
  readonly plans: ReadonlyMap<string, CoursePlan>;
  readonly model: OutcomeModel;
  readonly detail: Detail;
}

/**
 * The setting of a trial's courses: plans per arm, blinding, and the outcome model for `effects`.
 * With `horizonDay`, the plans stop there (planUpTo): courses whose ratings up to that day are the
 * whole courses', for analyses that look no further.
 */
export function courseSetting(protocol: Protocol, params: Parameters, population: PopulationModel, effects: TrialEffects, detail: Detail, horizonDay = Number.POSITIVE_INFINITY): CourseSetting {
  const blinding = trialBlinding(protocol, params);
  const plans = new Map(protocol.arms.map((a) => [a.id, planUpTo(coursePlan(protocol, params, a.id), horizonDay)] as const));
  const model = outcomeModel(params, protocol, blinding, { mu: population.enrolled.mu, sigma: population.enrolled.sigma }, effects);
  return { protocol, params, population, blinding, plans, model, detail };
}

function sessionPlanOf(s: PlannedDrugSession): SessionPlan {
  return s.supplemental
    ? { index: s.index, day: s.day, durationH: s.durationH, initialMg: s.initialMg, supplemental: s.supplemental }
    : { index: s.index, day: s.day, durationH: s.durationH, initialMg: s.initialMg };
}

/** Simulate every planned drug session in order, carrying CYP2D6 inhibition from one to the next. */
export function simulatePlannedSessions(root: StreamRoot, setting: CourseSetting, participant: Participant, plan: CoursePlan): SessionOutcome[] {
  const { protocol, params } = setting;
  const horizonH = params["session.exposureHorizonH"];
  const out: SessionOutcome[] = [];
  let enzyme = 1;
  let lastEndDay = Number.NEGATIVE_INFINITY;
  for (const planned of plan.drugSessions) {
    const initialEnzyme = Number.isFinite(lastEndDay) ? recoverEnzyme(enzyme, (planned.day - lastEndDay) * 24, participant.pk.kdegPerH) : 1;
    const outcome = simulateSession(root, participant, sessionPlanOf(planned), protocol.sessionRules, params, { detail: setting.detail, initialEnzyme });
    out.push(outcome);
    enzyme = outcome.enzymeAtHorizon;
    lastEndDay = planned.day + horizonH / 24;
  }
  return out;
}

function ratingParts(rec: OutcomeRecord, v: number, observedBaseline: number, scaleMax: number): RatingParts {
  const therapyLog = rec.therapyLog[v]!;
  const pharmacologyLog = rec.pharmacologyLog[v]!;
  const expectancyLog = rec.expectancyLog[v]!;
  const trendLog = rec.trendLog[v]!;
  const total = therapyLog + pharmacologyLog + expectancyLog + trendLog;
  // The multiplicative change T₀(1 − e^{−L}) shared among the parts in proportion to their logs.
  const remaining = rec.trueBaseline * Math.exp(-total);
  const improvement = rec.trueBaseline * (1 - Math.exp(-total));
  const ceiling = Math.min(scaleMax, remaining) - remaining;
  const regressionToMean = rec.trueBaseline - observedBaseline;
  const therapy = total === 0 ? 0 : -(improvement * therapyLog) / total;
  const pharmacology = total === 0 ? 0 : -(improvement * pharmacologyLog) / total;
  const expectancy = total === 0 ? 0 : -(improvement * expectancyLog) / total;
  const trend = total === 0 ? 0 : -(improvement * trendLog) / total;
  const relapse = rec.relapseShift[v]!;
  const raterBias = rec.raterBias[v]!;
  const measurementError = rec.measurementError[v]!;
  const explained = regressionToMean + therapy + pharmacology + expectancy + trend + relapse + ceiling + raterBias + measurementError;
  return { regressionToMean, therapy, pharmacology, expectancy, trend, relapse, ceiling, raterBias, measurementError, rounding: rec.score[v]! - observedBaseline - explained };
}

/** The parts of the baseline visit (nothing has happened yet). */
const BASELINE_PARTS: RatingParts = Object.freeze({ regressionToMean: 0, therapy: 0, pharmacology: 0, expectancy: 0, trend: 0, relapse: 0, ceiling: 0, raterBias: 0, measurementError: 0, rounding: 0 });

function assessmentsOf(setting: CourseSetting, plan: CoursePlan, rec: OutcomeRecord, baseline: number): AssessmentOutcome[] {
  const endpoints = setting.protocol.endpoints;
  const scaleMax = setting.model.scaleMax;
  const visits = plan.visits;
  const out: AssessmentOutcome[] = [];
  for (let v = 0; v < visits.length; v++) {
    const visit = visits[v]!;
    const s = rec.score[v]!;
    const assessment: AssessmentOutcome = Number.isNaN(s)
      ? { id: visit.id, day: visit.day, kind: visit.kind, label: visit.label, score: null, trueSeverity: null, changeFromBaseline: null, responder: null, lostDiagnosis: null, remission: null, onTreatment: false, parts: null }
      : {
          id: visit.id,
          day: visit.day,
          kind: visit.kind,
          label: visit.label,
          score: s,
          trueSeverity: rec.trueSeverity[v]!,
          changeFromBaseline: s - baseline,
          responder: v === 0 ? false : isResponder(endpoints.response, baseline, s),
          lostDiagnosis: lostDiagnosis(endpoints, s),
          remission: inRemission(endpoints, s),
          onTreatment: rec.onTreatment[v] === 1,
          parts: v === 0 ? { ...BASELINE_PARTS } : ratingParts(rec, v, baseline, scaleMax),
        };
    out.push(assessment);
  }
  return out;
}

/** Whether a participant or therapist guessing on `timing` is asked about this participant (BlindingOutcome.asked). */
function askedOn(timing: "after-each-session" | "end-of-blinded-phase" | "none", guessed: boolean, hadBlindedSession: boolean): boolean {
  return timing === "none" ? false : timing === "after-each-session" ? hadBlindedSession : guessed;
}

function blindingOf(rec: OutcomeRecord, plan: CoursePlan, schedule: GuessSchedule): BlindingOutcome {
  const after: number[] = [];
  let hadBlindedSession = false;
  for (let k = 0; k < rec.sessionGiven.length; k++) {
    if (!rec.sessionGiven[k]) continue;
    after.push(rec.beliefAfterSession[k]!);
    if (!plan.drugSessions[k]!.openLabel) hadBlindedSession = true;
  }
  return {
    guessed: rec.guessed,
    asked: {
      participant: askedOn(schedule.participant, rec.guessed, hadBlindedSession),
      therapist: askedOn(schedule.therapist, rec.guessed, hadBlindedSession),
      rater: schedule.rater === "at-primary" && plan.primaryVisit >= 0 && !Number.isNaN(rec.score[plan.primaryVisit]!),
    },
    beliefAfterSession: after,
    participantBelief: rec.participantBelief,
    participantGuess: rec.participantGuess,
    therapistBelief: rec.therapistBelief,
    therapistGuess: rec.therapistGuess,
    raterBelief: rec.raterBelief,
    raterGuess: rec.raterGuess,
  };
}

/** The course of an already-sampled participant under a trial's setting. */
export function continueCourse(root: StreamRoot, setting: CourseSetting, participant: Participant): CourseOutcome {
  const plan = setting.plans.get(participant.armId);
  if (!plan) throw new Error(`unknown arm ${participant.armId}`);
  const sessions = simulatePlannedSessions(root, setting, participant, plan);
  const sessionAuc = Float64Array.from(sessions.map((s) => s.aucNgHPerMl));
  const sessionIntensities = Float64Array.from(plan.drugSessions.map((s, k) => sessionIntensity(setting.params, sessionAuc[k]!, s.comparatorIntensity)));
  const rec = newOutcomeRecord(plan);
  runOutcomeModel(setting.model, { plan, observedBaseline: participant.baselineScore, sessionAuc, sessionIntensity: sessionIntensities, draws: drawCourse(root, participant.trial, participant.index, plan) }, rec);
  const given = sessions.filter((_, k) => rec.sessionGiven[k] === 1);
  const primaryDay = plan.visits[plan.primaryVisit]!.day;
  const base = {
    trial: participant.trial,
    participant,
    armId: participant.armId,
    sessions: given,
    assessments: assessmentsOf(setting, plan, rec, participant.baselineScore),
    trueBaseline: rec.trueBaseline,
    blinding: blindingOf(rec, plan, setting.protocol.blinding.guesses),
  };
  const dropout = rec.dropoutVisit >= 0 ? { dropout: { day: rec.dropoutDay, beforeAssessmentId: plan.visits[rec.dropoutVisit]!.id, retrieved: rec.retrieved } } : {};
  const relapse = Number.isFinite(rec.relapseDay) ? { relapse: { day: rec.relapseDay, monthsAfterPrimary: (rec.relapseDay - primaryDay) / DAYS_PER_MONTH } } : {};
  return { ...base, ...dropout, ...relapse };
}

/** Sample participant `index` of trial `trial` in `armId` and simulate their course. */
export function simulateCourse(root: StreamRoot, setting: CourseSetting, trial: number, index: number, armId: string): CourseOutcome {
  const participant = sampleParticipant(root, setting.protocol, setting.params, setting.population, trial, index, armId);
  return continueCourse(root, setting, participant);
}
