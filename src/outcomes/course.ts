/**
 * A participant's whole course: screening, the drug sessions (with the CYP2D6 inhibition one
 * session leaves for the next), CAPS at every assessment visit, dropout and relapse after the
 * primary endpoint.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol, Assessment } from "../protocol/schema.js";
import { streamPrefix, type StreamRoot } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { recoverEnzyme } from "../pk/model.js";
import { sampleParticipant, type Participant, type PopulationModel } from "../participants/participant.js";
import { simulateSession, type Detail, type SessionOutcome, type SessionPlan } from "../session/simulate.js";
import {
  efficacyModel, exposureResponse, logReduction, observedScore, isResponder, lostDiagnosis, inRemission, type TrialEffects,
} from "./efficacy.js";

export interface AssessmentOutcome {
  readonly id: string;
  readonly day: number;
  readonly kind: Assessment["kind"];
  readonly label: string;
  /** Observed CAPS total, or null when the participant had dropped out. */
  readonly score: number | null;
  /** Severity without measurement error (for teaching and diagnostics; not observable in a trial). */
  readonly trueSeverity: number | null;
  readonly changeFromBaseline: number | null;
  readonly responder: boolean | null;
  readonly lostDiagnosis: boolean | null;
  readonly remission: boolean | null;
}

export interface CourseOutcome {
  readonly trial: number;
  readonly participant: Participant;
  readonly armId: string;
  readonly sessions: readonly SessionOutcome[];
  readonly assessments: readonly AssessmentOutcome[];
  /** Set when the participant left the trial: the day, and the first assessment missed. */
  readonly dropout?: { readonly day: number; readonly beforeAssessmentId: string };
  /** Set when a responder at the primary endpoint relapsed later: the day and months after the primary visit. */
  readonly relapse?: { readonly day: number; readonly monthsAfterPrimary: number };
}

/** Days per month used for follow-up times. */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface CourseOptions {
  readonly detail: Detail;
  readonly effects: TrialEffects;
}

/** Simulate participant `index` of trial `trial`, allocated to `armId`. */
export function simulateCourse(
  root: StreamRoot,
  protocol: Protocol,
  params: Parameters,
  population: PopulationModel,
  trial: number,
  index: number,
  armId: string,
  options: CourseOptions,
): CourseOutcome {
  const participant = sampleParticipant(root, protocol, params, population, trial, index, armId);
  return continueCourse(root, protocol, params, participant, options);
}

/** The course of an already-sampled participant. */
export function continueCourse(root: StreamRoot, protocol: Protocol, params: Parameters, participant: Participant, options: CourseOptions): CourseOutcome {
  const arm = protocol.arms.find((a) => a.id === participant.armId);
  if (!arm) throw new Error(`unknown arm ${participant.armId}`);
  const key = streamPrefix(root, 5, ["trial", participant.trial, "participant", participant.index]);
  const model = efficacyModel(params, protocol.endpoints.scale, options.effects);
  const assessments = [...protocol.schedule.assessments].sort((a, b) => a.day - b.day);
  const baselineVisit = assessments.find((a) => a.kind === "baseline")!;
  const primary = assessments.find((a) => a.id === protocol.endpoints.primaryAssessmentId)!;

  // Dropout: before each post-baseline visit, decided from what the last visit showed. The two
  // uniforms per visit are always drawn so that the stream does not depend on earlier outcomes.
  const dropoutRng = key.stream("dropout");
  const noiseRng = key.stream("assessment-error");
  const p0 = params["dropout.perVisitProbability"];
  const oddsRatio = params["dropout.nonResponseOddsRatio"];
  const early = params["dropout.earlyResponsePercent"];

  const sessionsPlan = protocol.schedule.experimental.map<SessionPlan>((s, k) => {
    const dosing = arm.sessions[k]!;
    return dosing.supplemental
      ? { index: k, day: s.day, durationH: s.durationH, initialMg: dosing.initialMg, supplemental: dosing.supplemental }
      : { index: k, day: s.day, durationH: s.durationH, initialMg: dosing.initialMg };
  });
  const sessions: SessionOutcome[] = [];
  const sessionDays: number[] = [];
  const fractions: number[] = [];
  let enzyme = 1;
  let lastSessionEndDay = Number.NEGATIVE_INFINITY;
  const kdeg = participant.pk.kdegPerH;
  const horizonH = params["session.exposureHorizonH"];
  const runSessionsBefore = (dayLimit: number) => {
    while (sessions.length < sessionsPlan.length && sessionsPlan[sessions.length]!.day < dayLimit) {
      const plan = sessionsPlan[sessions.length]!;
      const initialEnzyme = Number.isFinite(lastSessionEndDay) ? recoverEnzyme(enzyme, (plan.day - lastSessionEndDay) * 24, kdeg) : 1;
      const outcome = simulateSession(root, participant, plan, protocol.sessionRules, params, { detail: options.detail, initialEnzyme });
      sessions.push(outcome);
      sessionDays.push(plan.day);
      fractions.push(exposureResponse(model, outcome.aucNgHPerMl));
      enzyme = outcome.enzymeAtHorizon;
      lastSessionEndDay = plan.day + horizonH / 24;
    }
  };

  const results: AssessmentOutcome[] = [];
  let dropout: CourseOutcome["dropout"];
  let relapse: CourseOutcome["relapse"];
  let lastObserved: number = participant.baselineScore;
  let previousDay = baselineVisit.day;
  let primaryLatent: number | undefined;
  let relapseDay = Number.POSITIVE_INFINITY;
  const relapseRng = key.stream("relapse");
  const baseline = participant.baselineScore;

  for (const visit of assessments) {
    if (visit.kind === "baseline") {
      results.push({ id: visit.id, day: visit.day, kind: visit.kind, label: visit.label, score: baseline, trueSeverity: baseline, changeFromBaseline: 0, responder: false, lostDiagnosis: lostDiagnosis(protocol.endpoints, baseline), remission: inRemission(protocol.endpoints, baseline) });
      continue;
    }
    const uDrop = dropoutRng.uniform();
    const uWhen = dropoutRng.uniform();
    const z = standardNormal(noiseRng);
    if (!dropout) {
      let p = p0;
      const improvedPercent = baseline > 0 ? ((baseline - lastObserved) / baseline) * 100 : 0;
      if (oddsRatio !== 1 && results.length > 1 && improvedPercent < early) {
        const odds = (p / (1 - p)) * oddsRatio;
        p = odds / (1 + odds);
      }
      if (uDrop < p) dropout = { day: previousDay + uWhen * (visit.day - previousDay), beforeAssessmentId: visit.id };
    }
    if (dropout) {
      runSessionsBefore(dropout.day);
      results.push({ id: visit.id, day: visit.day, kind: visit.kind, label: visit.label, score: null, trueSeverity: null, changeFromBaseline: null, responder: null, lostDiagnosis: null, remission: null });
      continue;
    }
    runSessionsBefore(visit.day);
    let latent = baseline * Math.exp(-logReduction(model, participant.responsivenessLog, visit.day, sessionDays, fractions));
    if (primaryLatent !== undefined && visit.day >= relapseDay) latent = primaryLatent + params["relapse.returnFraction"] * (baseline - primaryLatent);
    const score = observedScore(model, latent, z);
    const responder = isResponder(protocol.endpoints.response, baseline, score);
    results.push({
      id: visit.id,
      day: visit.day,
      kind: visit.kind,
      label: visit.label,
      score,
      trueSeverity: latent,
      changeFromBaseline: score - baseline,
      responder,
      lostDiagnosis: lostDiagnosis(protocol.endpoints, score),
      remission: inRemission(protocol.endpoints, score),
    });
    lastObserved = score;
    previousDay = visit.day;
    if (visit.id === primary.id) {
      primaryLatent = latent;
      // Responders at the primary endpoint can relapse: Weibull time, rate = hazardPerYear.
      const u = relapseRng.uniformPositive();
      if (responder) {
        const years = Math.pow(-Math.log(u), 1 / params["relapse.weibullShape"]) / params["relapse.hazardPerYear"];
        relapseDay = visit.day + years * 365.25;
        relapse = { day: relapseDay, monthsAfterPrimary: years * 12 };
      }
    }
  }
  // Sessions after the last visit (if any) still happen unless the participant dropped out.
  runSessionsBefore(dropout ? dropout.day : Number.POSITIVE_INFINITY);
  return relapse ? { trial: participant.trial, participant, armId: participant.armId, sessions, assessments: results, ...(dropout ? { dropout } : {}), relapse } : { trial: participant.trial, participant, armId: participant.armId, sessions, assessments: results, ...(dropout ? { dropout } : {}) };
}
