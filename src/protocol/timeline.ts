/** What users ask of a protocol: its timeline, its length, and how much drug each arm gets. */
import type { Arm, Blinding, OpenLabelPhase, Protocol, SessionDosing } from "./schema.js";

export type CourseEventKind =
  | "assessment"
  | "preparatory"
  | "experimental"
  | "integration"
  | "unblinding"
  | "open-label-preparatory"
  | "open-label"
  | "open-label-integration";

export interface CourseEvent {
  readonly day: number;
  /** Weeks since baseline (day / 7). */
  readonly week: number;
  readonly kind: CourseEventKind;
  readonly label: string;
  readonly durationMin?: number;
  /** For experimental and integration sessions: the 0-based drug session index. */
  readonly sessionIndex?: number;
  /** For assessments: the assessment id and kind. */
  readonly assessmentId?: string;
  readonly assessmentKind?: string;
  /** For open-label events: the phase id and the arms taking part. */
  readonly phaseId?: string;
  readonly armIds?: readonly string[];
}

const KIND_ORDER: Record<CourseEventKind, number> = {
  assessment: 0,
  preparatory: 1,
  experimental: 2,
  integration: 3,
  unblinding: 4,
  "open-label-preparatory": 5,
  "open-label": 6,
  "open-label-integration": 7,
};

function openLabelEvents(phase: OpenLabelPhase): CourseEvent[] {
  const common = { phaseId: phase.id, armIds: phase.arms };
  return [
    ...phase.preparatory.map((s): CourseEvent => ({ day: s.day, week: s.day / 7, kind: "open-label-preparatory", label: `Open-label preparatory session (${phase.id})`, durationMin: s.durationMin, ...common })),
    ...phase.sessions.map((s, i): CourseEvent => ({ day: s.day, week: s.day / 7, kind: "open-label", label: `Open-label drug session ${i + 1} (${phase.id})`, durationMin: s.durationH * 60, sessionIndex: i, ...common })),
    ...phase.integration.map(
      (s): CourseEvent => ({
        day: s.day,
        week: s.day / 7,
        kind: "open-label-integration",
        label: `Open-label integration after session ${s.afterSession + 1} (${phase.id})`,
        durationMin: s.durationMin,
        sessionIndex: s.afterSession,
        ...common,
      }),
    ),
  ];
}

function unblindingEvent(protocol: Protocol): CourseEvent[] {
  const at = protocol.schedule.assessments.find((a) => a.id === protocol.blinding.unblindAfterAssessmentId);
  return at ? [{ day: at.day, week: at.day / 7, kind: "unblinding", label: `Allocation revealed (after assessment "${at.id}")`, assessmentId: at.id }] : [];
}

/**
 * Every scheduled contact in day order (assessments first on a shared day), with the unblinding
 * and the open-label phases (each event names the arms taking part).
 */
export function courseTimeline(protocol: Protocol): CourseEvent[] {
  const { schedule } = protocol;
  const events: CourseEvent[] = [];
  schedule.assessments.forEach((a) =>
    events.push({ day: a.day, week: a.day / 7, kind: "assessment", label: a.label, assessmentId: a.id, assessmentKind: a.kind }),
  );
  schedule.preparatory.forEach((s, i) =>
    events.push({ day: s.day, week: s.day / 7, kind: "preparatory", label: `Preparatory session ${i + 1}`, durationMin: s.durationMin }),
  );
  schedule.experimental.forEach((s, i) =>
    events.push({ day: s.day, week: s.day / 7, kind: "experimental", label: `Drug session ${i + 1}`, durationMin: s.durationH * 60, sessionIndex: i }),
  );
  schedule.integration.forEach((s) =>
    events.push({
      day: s.day,
      week: s.day / 7,
      kind: "integration",
      label: `Integration session after drug session ${s.afterSession + 1}`,
      durationMin: s.durationMin,
      sessionIndex: s.afterSession,
    }),
  );
  events.push(...unblindingEvent(protocol), ...protocol.openLabel.flatMap(openLabelEvents));
  return events.sort((a, b) => a.day - b.day || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

export interface CourseSpan {
  /** Day of the first therapy session (preparatory or experimental). */
  readonly startDay: number;
  /** Day of the last therapy session (usually the last integration session). */
  readonly endDay: number;
  /** (endDay − startDay) / 7: the length the 8-16 week consensus refers to. */
  readonly weeks: number;
}

/** The span of the course of therapy, from the first to the last therapy session. */
export function courseSpan(protocol: Protocol): CourseSpan {
  const { schedule } = protocol;
  const days = [
    ...schedule.preparatory.map((s) => s.day),
    ...schedule.experimental.map((s) => s.day),
    ...schedule.integration.map((s) => s.day),
  ];
  const startDay = Math.min(...days);
  const endDay = Math.max(...days);
  return { startDay, endDay, weeks: (endDay - startDay) / 7 };
}

/** Length of the course of therapy in weeks. */
export function courseLengthWeeks(protocol: Protocol): number {
  return courseSpan(protocol).weeks;
}

export interface SessionDoseTotal {
  readonly session: number;
  readonly initialMg: number;
  /** Supplemental dose offered (0 if none). */
  readonly supplementalMg: number;
  /** Initial plus supplemental, if the supplemental is taken. */
  readonly maxMg: number;
}

export interface ArmDoseTotals {
  readonly armId: string;
  readonly label: string;
  readonly sessions: readonly SessionDoseTotal[];
  /** Course total if every supplemental dose is withheld or declined. */
  readonly courseMinMg: number;
  /** Course total if every supplemental dose is taken. */
  readonly courseMaxMg: number;
}

function sessionTotal(s: SessionDosing, index: number): SessionDoseTotal {
  const supplementalMg = s.supplemental?.mg ?? 0;
  return { session: index, initialMg: s.initialMg, supplementalMg, maxMg: s.initialMg + supplementalMg };
}

/** Dose totals per session and per course for every arm. */
export function doseTotals(protocol: Protocol): ArmDoseTotals[] {
  return protocol.arms.map((arm: Arm) => {
    const sessions = arm.sessions.map(sessionTotal);
    return {
      armId: arm.id,
      label: arm.label,
      sessions,
      courseMinMg: sessions.reduce((s, x) => s + x.initialMg, 0),
      courseMaxMg: sessions.reduce((s, x) => s + x.maxMg, 0),
    };
  });
}

function describeDosing(s: Pick<SessionDosing, "initialMg" | "supplemental">): string {
  if (!s.supplemental) return `${s.initialMg} mg`;
  const w = s.supplemental.offeredAtH;
  const window = w.earliest === w.latest ? `${w.earliest} h` : `${w.earliest}-${w.latest} h`;
  return `${s.initialMg} mg + ${s.supplemental.mg} mg at ${window}`;
}

const pad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

const PLACEBO_TEXT: Readonly<Record<Blinding["placebo"], string>> = {
  inactive: "an inactive placebo",
  "low-dose-mdma": "a low dose of MDMA",
  "active-comparator": "an active comparator drug",
};
const GUESS_TEXT: Readonly<Record<string, string>> = {
  "after-each-session": "after each drug session",
  "end-of-blinded-phase": "at the end of the blinded phase",
  "at-primary": "at the primary assessment",
  none: "never",
};

/** The blinding setup in two lines: what the control arm receives, who rates, who guesses when. */
function blindingLines(protocol: Protocol): string[] {
  const b = protocol.blinding;
  const unblinding = protocol.schedule.assessments.find((a) => a.id === b.unblindAfterAssessmentId);
  const rater = b.outcomeRater === "independent" ? "independent raters who never attend the sessions" : "the site's therapists";
  return [
    `Blinding: the control arm [${protocol.controlArmId}] receives ${PLACEBO_TEXT[b.placebo]} (${b.placebo}); outcomes rated by ${rater}; allocation revealed after "${b.unblindAfterAssessmentId}"${unblinding ? ` (day ${unblinding.day})` : ""}`,
    `Guesses of allocation: participants ${GUESS_TEXT[b.guesses.participant]}, therapists ${GUESS_TEXT[b.guesses.therapist]}, raters ${GUESS_TEXT[b.guesses.rater]}`,
  ];
}

/** One line per open-label phase: its arms, sessions and doses. */
function openLabelLines(protocol: Protocol): string[] {
  if (protocol.openLabel.length === 0) return ["Open-label phases: none"];
  return protocol.openLabel.map(
    (phase) => `Open-label phase ${phase.id} (${phase.label}): arms ${phase.arms.join(", ")}; ${phase.sessions.length} session${phase.sessions.length === 1 ? "" : "s"} (${phase.sessions.map((s) => describeDosing(s)).join("; ")})`,
  );
}

function armText(protocol: Protocol, a: Arm): string {
  const comparator = a.activeComparator ? ` (active comparator ${a.activeComparator.name}, subjective intensity ${a.activeComparator.subjectiveIntensity})` : "";
  return `${a.label} [${a.id}]${a.plannedN ? ` n=${a.plannedN}` : ""}${a.id === protocol.controlArmId ? " (control)" : ""}${comparator}`;
}

/** The text of one event in the day-by-day table. */
function eventText(protocol: Protocol, e: CourseEvent): string {
  switch (e.kind) {
    case "assessment":
      return `Assessment: ${e.label} [${e.assessmentKind}]`;
    case "preparatory":
    case "integration":
    case "open-label-preparatory":
    case "open-label-integration":
      return `${e.label} (${e.durationMin} min)`;
    case "experimental": {
      const i = e.sessionIndex ?? 0;
      const doses = protocol.arms.map((a) => `${a.id} ${a.activeComparator ? a.activeComparator.name : describeDosing(a.sessions[i]!)}`).join("; ");
      return `${e.label} (${(e.durationMin ?? 0) / 60} h): ${doses}${protocol.schedule.overnightStay ? "; overnight stay" : ""}`;
    }
    case "open-label": {
      const session = protocol.openLabel.find((p) => p.id === e.phaseId)?.sessions[e.sessionIndex ?? 0];
      return `${e.label} (${(e.durationMin ?? 0) / 60} h): ${(e.armIds ?? []).join(", ")} ${session ? describeDosing(session) : ""}`.trimEnd();
    }
    default:
      return e.label;
  }
}

/** The monitoring schedule and the threshold rules, one line each. */
function monitoringLines(protocol: Protocol): string[] {
  const v = protocol.sessionRules.vitals;
  const lines = [`Vitals in each drug session: BP/HR at ${v.bloodPressureAndHeartRateH.join(", ")} h; temperature at ${v.temperatureH.join(", ")} h`];
  for (const t of protocol.sessionRules.thresholds) {
    const ref = t.reference === "baseline" ? `a rise of more than ${t.above} over pre-dose` : `above ${t.above}`;
    lines.push(`  rule ${t.id}: ${t.measure} ${ref} -> ${t.actions.join(", ")}${t.repeatAfterMin ? ` (repeat after ${t.repeatAfterMin} min)` : ""}`);
  }
  return lines;
}

/** A readable text timeline of the course, as the CLI prints it: arms, blinding, open-label phases, every event and the monitoring rules. */
export function formatTimeline(protocol: Protocol): string {
  const span = courseSpan(protocol);
  const primary = protocol.schedule.assessments.find((a) => a.id === protocol.endpoints.primaryAssessmentId);
  const lines: string[] = [protocol.title, protocol.citation, ""];
  lines.push(`Arms: ${protocol.arms.map((a) => armText(protocol, a)).join("; ")}`);
  lines.push(
    `Course of therapy: ${span.weeks.toFixed(1)} weeks (day ${span.startDay} to day ${span.endDay})` +
      (primary ? `; primary endpoint on ${protocol.endpoints.scale} at day ${primary.day} (week ${(primary.day / 7).toFixed(1)})` : ""),
  );
  lines.push(`Entry: ${protocol.endpoints.scale} >= ${protocol.eligibility.minimumBaselineScore}; excluded: ${protocol.eligibility.exclusions.join(", ")}`);
  lines.push(...blindingLines(protocol), ...openLabelLines(protocol), "", "  Day   Week  Event");
  for (const e of courseTimeline(protocol)) lines.push(`${pad(String(e.day), 5)}  ${pad(e.week.toFixed(1), 5)}  ${eventText(protocol, e)}`);
  lines.push("", ...monitoringLines(protocol));
  return lines.join("\n");
}
