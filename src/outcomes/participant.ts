/**
 * One participant, replayable from (seed, trial, participant): the course and a timeline of
 * everything that happened, as JSON-serializable events in time order.
 */
import { markDisplay } from "../displayable.js";
import { createRoot, type Seed } from "../random/rng.js";
import { parseProtocol } from "../protocol/parse.js";
import type { Protocol } from "../protocol/schema.js";
import { resolveParameters, type ParameterOverrides } from "../params/resolve.js";
import type { Parameters } from "../params/table.js";
import { populationModel } from "../participants/participant.js";
import { ValidationError } from "../errors.js";
import { courseSetting, simulateCourse, type CourseOutcome } from "./course.js";
import { TYPICAL_TRIAL, type TrialEffects } from "./efficacy.js";
import type { Detail, Reading, SessionEvent, SessionOutcome } from "../session/simulate.js";
import { MAX_STUDIED_SESSION_MG, PROTOCOL_BOUNDS } from "../protocol/bounds.js";
import type { ValidationIssue } from "../errors.js";

/**
 * What simulateParticipant takes: a protocol and a seed, and optionally the trial and participant
 * numbers, the arm, the detail, parameter overrides and the trial's effects. The same options give
 * the same participant.
 */
export interface ParticipantOptions {
  /** A protocol as data, for example preset("mp1") (validated here, every time). */
  readonly protocol: unknown;
  readonly seed: Seed;
  /** Trial number within the run (default 0). */
  readonly trial?: number;
  /** Participant number within the trial (default 0). */
  readonly participant?: number;
  /** Arm to simulate (default: the protocol's first arm). */
  readonly armId?: string;
  /** "full" (default) simulates every reading and a fine grid; "efficacy" only what outcomes need. */
  readonly detail?: Detail;
  /** Parameter overrides by key (see parameterTable()). */
  readonly parameters?: ParameterOverrides;
  /** Trial-level random effects (default: a typical trial). */
  readonly trialEffects?: TrialEffects;
}

export type TimelineEvent =
  | { readonly day: number; readonly type: "screening"; readonly candidatesScreened: number; readonly failures: Readonly<Record<string, number>> }
  | { readonly day: number; readonly type: "randomized"; readonly armId: string }
  | { readonly day: number; readonly type: "assessment"; readonly id: string; readonly kind: string; readonly label: string; readonly score: number | null; readonly responder: boolean | null; readonly lostDiagnosis: boolean | null; readonly remission: boolean | null }
  | { readonly day: number; readonly type: "preparatory-session"; readonly number: number; readonly durationMin: number }
  | { readonly day: number; readonly type: "drug-session"; readonly session: number; readonly openLabel: boolean; readonly aucNgHPerMl: number; readonly overnightStay: boolean }
  | ({ readonly day: number; readonly session: number } & SessionEvent)
  | ({ readonly day: number; readonly session: number; readonly type: "reading" } & Reading)
  | { readonly day: number; readonly type: "integration-session"; readonly afterSession: number; readonly openLabel: boolean; readonly durationMin: number }
  | { readonly day: number; readonly type: "dropout"; readonly beforeAssessmentId: string; readonly retrieved: boolean }
  | { readonly day: number; readonly type: "unblinded"; readonly armId: string; readonly belief: number; readonly guess: string }
  | { readonly day: number; readonly type: "relapse"; readonly monthsAfterPrimary: number };

/**
 * One simulated participant, as simulateParticipant returns it: the seed, the course (drug
 * sessions, assessments, any dropout or relapse) and every event of the course in time order, as
 * JSON-serializable data.
 */
export interface ParticipantResult {
  readonly seed: Seed;
  readonly course: CourseOutcome;
  readonly timeline: readonly TimelineEvent[];
}

/** Simulate one participant's course and its timeline. */
export function simulateParticipant(options: ParticipantOptions): ParticipantResult {
  const protocol: Protocol = parseProtocol(options.protocol);
  const params: Parameters = resolveParameters(options.parameters ?? {});
  const armId = options.armId ?? protocol.arms[0]!.id;
  if (!protocol.arms.some((a) => a.id === armId)) {
    throw new ValidationError("participant options", [{ path: "armId", rule: "known-arm", message: `must be one of ${protocol.arms.map((a) => `"${a.id}"`).join(", ")}`, received: armId }]);
  }
  const trial = options.trial ?? 0;
  const index = options.participant ?? 0;
  for (const [name, v] of [["trial", trial], ["participant", index]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ValidationError("participant options", [{ path: name, rule: "non-negative-integer", message: "must be a non-negative integer", received: v }]);
  }
  const root = createRoot(options.seed);
  const setting = courseSetting(protocol, params, populationModel(protocol), options.trialEffects ?? TYPICAL_TRIAL, options.detail ?? "full");
  const course = simulateCourse(root, setting, trial, index, armId);
  return markDisplay({ seed: options.seed, course, timeline: courseTimelineEvents(protocol, course) }, "participant");
}

/** Every event of a course in time order (day, then hour within a drug session). */
export function courseTimelineEvents(protocol: Protocol, course: CourseOutcome): TimelineEvent[] {
  const ordered: { e: TimelineEvent; day: number; hour: number; seq: number }[] = [];
  let seq = 0;
  const add = (e: TimelineEvent, hour = 0) => ordered.push({ e, day: e.day, hour, seq: seq++ });
  const stopDay = course.dropout ? course.dropout.day : Number.POSITIVE_INFINITY;
  const p = course.participant;
  add({ day: 0, type: "screening", candidatesScreened: p.screening.candidatesScreened, failures: { ...p.screening.failures } }, -2);
  add({ day: 0, type: "randomized", armId: course.armId }, -1);
  const blindedCount = protocol.schedule.experimental.length;
  for (const a of course.assessments) {
    if (a.score === null) continue;
    add({ day: a.day, type: "assessment", id: a.id, kind: a.kind, label: a.label, score: a.score, responder: a.responder, lostDiagnosis: a.lostDiagnosis, remission: a.remission }, -0.5);
  }
  protocol.schedule.preparatory.forEach((s, i) => {
    if (s.day < stopDay) add({ day: s.day, type: "preparatory-session", number: i + 1, durationMin: s.durationMin });
  });
  for (const s of course.sessions) {
    add({ day: s.day, type: "drug-session", session: s.index, openLabel: s.index >= blindedCount, aucNgHPerMl: s.aucNgHPerMl, overnightStay: protocol.schedule.overnightStay }, -0.25);
    const items: { hour: number; e: TimelineEvent }[] = [];
    for (const ev of s.events) items.push({ hour: ev.timeH, e: { ...ev, day: s.day, session: s.index } });
    for (const r of s.readings) items.push({ hour: r.timeH, e: { ...r, day: s.day, session: s.index, type: "reading" } });
    items.sort((a, b) => a.hour - b.hour);
    for (const it of items) add(it.e, it.hour);
  }
  const openLabelIntegration = (protocol.openLabel.find((p) => p.arms.includes(course.armId))?.integration ?? []).map((s) => ({ ...s, afterSession: blindedCount + s.afterSession }));
  for (const s of [...protocol.schedule.integration, ...openLabelIntegration]) {
    const openLabel = s.afterSession >= blindedCount;
    if (s.day < stopDay && course.sessions.some((x) => x.index === s.afterSession)) add({ day: s.day, type: "integration-session", afterSession: s.afterSession, openLabel, durationMin: s.durationMin }, 0);
  }
  if (course.dropout) add({ day: course.dropout.day, type: "dropout", beforeAssessmentId: course.dropout.beforeAssessmentId, retrieved: course.dropout.retrieved });
  const unblindId = protocol.blinding.unblindAfterAssessmentId ?? protocol.endpoints.primaryAssessmentId;
  const unblindVisit = course.assessments.find((a) => a.id === unblindId);
  if (unblindVisit && course.blinding.guessed) add({ day: unblindVisit.day, type: "unblinded", armId: course.armId, belief: course.blinding.participantBelief, guess: course.blinding.participantGuess }, 1);
  if (course.relapse) add({ day: course.relapse.day, type: "relapse", monthsAfterPrimary: course.relapse.monthsAfterPrimary });
  ordered.sort((a, b) => a.day - b.day || a.hour - b.hour || a.seq - b.seq);
  return ordered.map((o) => o.e);
}

/** A dosing that replaces an arm's own in every drug session (what the healthy-volunteer PK studies gave). */
export interface DrugSessionDosing {
  /** Initial dose in mg (0 to the largest studied session dose, PROTOCOL_BOUNDS). */
  readonly initialMg: number;
  /** A supplemental dose offered at a fixed hour after the initial one; absent: a single dose. */
  readonly supplemental?: { readonly mg: number; readonly offeredAtH: number };
}

export interface DrugSessionsOptions extends ParticipantOptions {
  /** Replace the arm's dosing in every drug session (default: the protocol's own). */
  readonly dosing?: DrugSessionDosing;
}

/** One participant's drug sessions: doses, exposure, readings, a fine grid of samples (full detail) and what the rules did. */
export interface DrugSessionsResult {
  readonly seed: Seed;
  readonly trial: number;
  readonly participant: number;
  readonly armId: string;
  /** The dosing given in place of the arm's own, or null for the protocol's own. */
  readonly dosing: DrugSessionDosing | null;
  readonly sessions: readonly SessionOutcome[];
}

function boundIssue(value: unknown, path: string, bound: { readonly min: number; readonly max: number; readonly unit: string; readonly reason: string }): ValidationIssue[] {
  if (typeof value === "number" && Number.isFinite(value) && value >= bound.min && value <= bound.max) return [];
  return [{ path, rule: "range", message: `must lie between ${bound.min} and ${bound.max} ${bound.unit} (${bound.reason})`, received: value }];
}

/** Problems with a dosing override, each bounded as the protocol's own doses are (PROTOCOL_BOUNDS). */
export function dosingIssues(dosing: DrugSessionDosing): ValidationIssue[] {
  const issues = boundIssue(dosing.initialMg, "dosing.initialMg", PROTOCOL_BOUNDS["arms[].sessions[].initialMg"]);
  if (dosing.supplemental !== undefined) {
    issues.push(...boundIssue(dosing.supplemental.mg, "dosing.supplemental.mg", PROTOCOL_BOUNDS["arms[].sessions[].supplemental.mg"]));
    issues.push(...boundIssue(dosing.supplemental.offeredAtH, "dosing.supplemental.offeredAtH", PROTOCOL_BOUNDS["arms[].sessions[].supplemental.offeredAtH"]));
    const { mg } = dosing.supplemental;
    if (issues.length === 0 && mg > dosing.initialMg) issues.push({ path: "dosing.supplemental.mg", rule: "supplemental-not-above-initial", message: `a supplemental dose (${mg} mg) must not exceed the initial dose (${dosing.initialMg} mg)`, received: mg });
    if (issues.length === 0 && dosing.initialMg + mg > MAX_STUDIED_SESSION_MG) {
      issues.push({ path: "dosing", rule: "max-studied-dose", message: `the session's dose (${dosing.initialMg + mg} mg with the supplemental) is above the highest studied in trials (${MAX_STUDIED_SESSION_MG} mg); the model is not calibrated beyond it`, received: dosing.initialMg + mg });
    }
  }
  return issues;
}

/** The protocol with `armId`'s dosing replaced in every drug session (validated again by the caller). */
function withDosing(protocol: Protocol, armId: string, dosing: DrugSessionDosing): unknown {
  const session = dosing.supplemental
    ? { initialMg: dosing.initialMg, supplemental: { mg: dosing.supplemental.mg, offeredAtH: { earliest: dosing.supplemental.offeredAtH, latest: dosing.supplemental.offeredAtH } } }
    : { initialMg: dosing.initialMg };
  return { ...protocol, arms: protocol.arms.map((a) => (a.id === armId ? { ...a, sessions: a.sessions.map(() => ({ ...session })) } : a)) };
}

/**
 * One participant's drug sessions (full detail by default), optionally with the arm's dosing
 * replaced: a single dose, or a dose with a supplemental one at a fixed hour. The dosing is
 * bounded as a protocol's is, and the protocol it makes is validated again (a supplemental
 * dose above the initial one is refused as in a protocol file).
 */
export function simulateDrugSessions(options: DrugSessionsOptions): DrugSessionsResult {
  const { dosing, ...participantOptions } = options;
  const protocol: Protocol = parseProtocol(options.protocol);
  const armId = options.armId ?? protocol.arms[0]!.id;
  let dosed: unknown = protocol;
  if (dosing !== undefined) {
    const issues = dosingIssues(dosing);
    if (issues.length) throw new ValidationError("session dosing", issues);
    if (protocol.arms.some((a) => a.id === armId)) dosed = withDosing(protocol, armId, dosing);
  }
  const result = simulateParticipant({ ...participantOptions, protocol: dosed, armId });
  return { seed: result.seed, trial: result.course.trial, participant: result.course.participant.index, armId, dosing: dosing ?? null, sessions: result.course.sessions };
}
