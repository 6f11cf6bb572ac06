/**
 * One participant, replayable from (seed, trial, participant): the course and a timeline of
 * everything that happened, as JSON-serializable events in time order.
 */
import { createRoot, type Seed } from "../random/rng.js";
import { parseProtocol } from "../protocol/parse.js";
import type { Protocol } from "../protocol/schema.js";
import { resolveParameters, type ParameterOverrides } from "../params/resolve.js";
import type { Parameters } from "../params/table.js";
import { populationModel } from "../participants/participant.js";
import { ValidationError } from "../errors.js";
import { courseSetting, simulateCourse, type CourseOutcome } from "./course.js";
import { TYPICAL_TRIAL, type TrialEffects } from "./efficacy.js";
import type { Detail, Reading, SessionEvent } from "../session/simulate.js";

export interface ParticipantOptions {
  /** A protocol (validated here if it is not already). */
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
  return { seed: options.seed, course, timeline: courseTimelineEvents(protocol, course) };
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
