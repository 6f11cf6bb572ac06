/**
 * A participant's planned course in one arm, read once from the protocol: the assessment visits,
 * the drug sessions (blinded, then any open-label ones the arm crosses over to), every therapy
 * contact with its length, and when the allocation is revealed. The outcome model (model.ts)
 * walks this plan; nothing in it depends on chance or on efficacy parameters.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol, Assessment } from "../protocol/schema.js";
import type { BeliefModel, PlaceboKind } from "../belief/belief.js";

/** One planned drug session: blinded (the arm's own dosing) or open-label (after unblinding). */
export interface PlannedDrugSession {
  /** 0-based index over all of the participant's drug sessions, blinded first. */
  readonly index: number;
  readonly day: number;
  readonly durationH: number;
  readonly initialMg: number;
  readonly supplemental?: { readonly mg: number; readonly offeredAtH: { readonly earliest: number; readonly latest: number } };
  readonly openLabel: boolean;
  /** Subjective intensity of an active comparator given instead of MDMA (blinded sessions of a comparator arm). */
  readonly comparatorIntensity?: number;
}

export interface PlannedVisit {
  readonly id: string;
  readonly day: number;
  readonly kind: Assessment["kind"];
  readonly label: string;
}

export interface CoursePlan {
  readonly armId: string;
  /** True for every arm but the control: what "guessed correctly" is measured against. */
  readonly experimental: boolean;
  /** Assessment visits in day order; visits[0] is the baseline. */
  readonly visits: readonly PlannedVisit[];
  readonly primaryVisit: number;
  /** The visit after which participants, therapists and raters learn the allocation. */
  readonly unblindVisit: number;
  readonly unblindDay: number;
  readonly drugSessions: readonly PlannedDrugSession[];
  /** Therapy contacts in day order: days and hours of contact that count as psychotherapy. */
  readonly therapyDays: Float64Array;
  readonly therapyHours: Float64Array;
  /** For each therapy contact, the drug session it belongs to (−1 for non-drug sessions): a session not given gives no contact. */
  readonly therapySession: Int32Array;
}

/** The blinding setup of a trial, shared by every participant. */
export interface TrialBlinding {
  readonly placebo: PlaceboKind;
  readonly outcomeRater: "independent" | "site-therapists";
  readonly belief: BeliefModel;
}

/** What participants expect an active placebo or a comparator to feel like. */
function expectedControlIntensity(protocol: Protocol, params: Parameters): number {
  const control = protocol.arms.find((a) => a.id === protocol.controlArmId)!;
  switch (protocol.blinding.placebo) {
    case "inactive":
      return 0;
    case "low-dose-mdma":
      return params["belief.lowDoseExpectedIntensity"];
    case "active-comparator":
      return control.activeComparator?.subjectiveIntensity ?? 0;
  }
}

/** The trial's blinding: placebo kind, who rates, and the belief model (prior = allocation share of the experimental arms). */
export function trialBlinding(protocol: Protocol, params: Parameters): TrialBlinding {
  const total = protocol.arms.reduce((s, a) => s + a.allocation, 0);
  const experimental = protocol.arms.filter((a) => a.id !== protocol.controlArmId).reduce((s, a) => s + a.allocation, 0);
  // A single-arm protocol has no control: everyone knows they receive MDMA.
  const prior = protocol.arms.length === 1 ? 1 - 1e-9 : Math.min(1 - 1e-9, Math.max(1e-9, experimental / total));
  return {
    placebo: protocol.blinding.placebo,
    outcomeRater: protocol.blinding.outcomeRater,
    belief: {
      prior,
      expectedActiveIntensity: 1,
      expectedControlIntensity: expectedControlIntensity(protocol, params),
      sharpness: params["belief.sharpness"],
      dontKnowHalfWidth: params["belief.dontKnowHalfWidth"],
    },
  };
}

function sortedVisits(protocol: Protocol): PlannedVisit[] {
  return [...protocol.schedule.assessments]
    .sort((a, b) => a.day - b.day || (a.kind === "baseline" ? -1 : b.kind === "baseline" ? 1 : 0))
    .map((a) => ({ id: a.id, day: a.day, kind: a.kind, label: a.label }));
}

function plannedDrugSessions(protocol: Protocol, armId: string): PlannedDrugSession[] {
  const arm = protocol.arms.find((a) => a.id === armId)!;
  const comparator = arm.activeComparator?.subjectiveIntensity;
  const blinded = protocol.schedule.experimental.map<PlannedDrugSession>((s, k) => {
    const dosing = arm.sessions[k]!;
    return {
      index: k,
      day: s.day,
      durationH: s.durationH,
      initialMg: dosing.initialMg,
      ...(dosing.supplemental ? { supplemental: dosing.supplemental } : {}),
      openLabel: false,
      ...(comparator !== undefined ? { comparatorIntensity: comparator } : {}),
    };
  });
  const phase = protocol.openLabel.find((p) => p.arms.includes(armId));
  const open = (phase?.sessions ?? []).map<PlannedDrugSession>((s, j) => ({
    index: blinded.length + j,
    day: s.day,
    durationH: s.durationH,
    initialMg: s.initialMg,
    ...(s.supplemental ? { supplemental: s.supplemental } : {}),
    openLabel: true,
  }));
  return [...blinded, ...open];
}

/** Therapy contacts: preparatory sessions, drug sessions (weighted), integration sessions, blinded and open-label. */
function therapyContacts(protocol: Protocol, params: Parameters, armId: string, sessions: readonly PlannedDrugSession[]): { day: number; hours: number; session: number }[] {
  const weight = params["efficacy.drugSessionTherapyWeight"];
  const contacts: { day: number; hours: number; session: number }[] = [];
  for (const s of protocol.schedule.preparatory) contacts.push({ day: s.day, hours: s.durationMin / 60, session: -1 });
  for (const s of sessions) contacts.push({ day: s.day, hours: weight * s.durationH, session: s.index });
  // Integration sessions belong to the drug session they follow: not given if that session was not.
  for (const s of protocol.schedule.integration) contacts.push({ day: s.day, hours: s.durationMin / 60, session: s.afterSession });
  const phase = protocol.openLabel.find((p) => p.arms.includes(armId));
  const offset = protocol.schedule.experimental.length;
  for (const s of phase?.preparatory ?? []) contacts.push({ day: s.day, hours: s.durationMin / 60, session: -1 });
  for (const s of phase?.integration ?? []) contacts.push({ day: s.day, hours: s.durationMin / 60, session: offset + s.afterSession });
  return contacts.sort((a, b) => a.day - b.day || a.session - b.session);
}

/** The plan of one arm. */
export function coursePlan(protocol: Protocol, params: Parameters, armId: string): CoursePlan {
  const visits = sortedVisits(protocol);
  const primaryVisit = visits.findIndex((v) => v.id === protocol.endpoints.primaryAssessmentId);
  const unblindId = protocol.blinding.unblindAfterAssessmentId;
  const unblindVisit = visits.findIndex((v) => v.id === unblindId);
  const drugSessions = plannedDrugSessions(protocol, armId);
  const contacts = therapyContacts(protocol, params, armId, drugSessions);
  return {
    armId,
    experimental: armId !== protocol.controlArmId || protocol.arms.length === 1,
    visits,
    primaryVisit,
    unblindVisit,
    unblindDay: visits[unblindVisit]!.day,
    drugSessions,
    therapyDays: Float64Array.from(contacts.map((c) => c.day)),
    therapyHours: Float64Array.from(contacts.map((c) => c.hours)),
    therapySession: Int32Array.from(contacts.map((c) => c.session)),
  };
}

/** How many leading entries of an ascending list of days fall before `day` (`inclusive`: on or before). */
function leadingBefore(count: number, dayAt: (k: number) => number, day: number, inclusive: boolean): number {
  let k = 0;
  while (k < count && (inclusive ? dayAt(k) <= day : dayAt(k) < day)) k++;
  return k;
}

/**
 * The plan up to `horizonDay`: the visits on or before it, the drug sessions and therapy contacts
 * before it. Every rating on or before the horizon is then the one the whole plan gives, bit for
 * bit: the outcome model runs forward in time (a visit depends on what happened before its day),
 * and a course's random draws are taken per visit and per session in plan order from streams of
 * their own, so the kept ones are drawn alike. The plan is returned whole when the horizon comes
 * before its primary or unblinding visit, or when its drug sessions are not in day order.
 */
export function planUpTo(plan: CoursePlan, horizonDay: number): CoursePlan {
  // Every ordinary run (no horizon) takes this path, once per arm and trial: no work, no allocation.
  if (horizonDay === Number.POSITIVE_INFINITY) return plan;
  const visits = leadingBefore(plan.visits.length, (k) => plan.visits[k]!.day, horizonDay, true);
  const sessions = leadingBefore(plan.drugSessions.length, (k) => plan.drugSessions[k]!.day, horizonDay, false);
  const inOrder = plan.drugSessions.every((s, k) => (k < sessions ? s.day < horizonDay : s.day >= horizonDay));
  if (!inOrder || plan.primaryVisit >= visits || plan.unblindVisit >= visits) return plan;
  const contacts = leadingBefore(plan.therapyDays.length, (k) => plan.therapyDays[k]!, horizonDay, false);
  if (visits === plan.visits.length && sessions === plan.drugSessions.length && contacts === plan.therapyDays.length) return plan;
  return {
    ...plan,
    visits: plan.visits.slice(0, visits),
    drugSessions: plan.drugSessions.slice(0, sessions),
    therapyDays: plan.therapyDays.slice(0, contacts),
    therapyHours: plan.therapyHours.slice(0, contacts),
    therapySession: plan.therapySession.slice(0, contacts),
  };
}
