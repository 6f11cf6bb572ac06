/** What users ask of a protocol: its timeline, its length, and how much drug each arm gets. */
import type { Arm, Protocol, SessionDosing } from "./schema.js";

export type CourseEventKind = "assessment" | "preparatory" | "experimental" | "integration";

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
}

const KIND_ORDER: Record<CourseEventKind, number> = { assessment: 0, preparatory: 1, experimental: 2, integration: 3 };

/** Every scheduled contact in day order (assessments first on a shared day). */
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

function describeDosing(s: SessionDosing): string {
  if (!s.supplemental) return `${s.initialMg} mg`;
  const w = s.supplemental.offeredAtH;
  const window = w.earliest === w.latest ? `${w.earliest} h` : `${w.earliest}-${w.latest} h`;
  return `${s.initialMg} mg + ${s.supplemental.mg} mg at ${window}`;
}

const pad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** A readable text timeline of the course, as the CLI prints it. */
export function formatTimeline(protocol: Protocol): string {
  const span = courseSpan(protocol);
  const primary = protocol.schedule.assessments.find((a) => a.id === protocol.endpoints.primaryAssessmentId);
  const lines: string[] = [];
  lines.push(`${protocol.title}`);
  lines.push(`${protocol.citation}`);
  lines.push("");
  lines.push(
    `Arms: ${protocol.arms.map((a) => `${a.label} [${a.id}]${a.plannedN ? ` n=${a.plannedN}` : ""}${a.id === protocol.controlArmId ? " (control)" : ""}`).join("; ")}`,
  );
  lines.push(
    `Course of therapy: ${span.weeks.toFixed(1)} weeks (day ${span.startDay} to day ${span.endDay})` +
      (primary ? `; primary endpoint on ${protocol.endpoints.scale} at day ${primary.day} (week ${(primary.day / 7).toFixed(1)})` : ""),
  );
  lines.push(`Entry: ${protocol.endpoints.scale} >= ${protocol.eligibility.minimumBaselineScore}; excluded: ${protocol.eligibility.exclusions.join(", ")}`);
  lines.push("");
  lines.push("  Day   Week  Event");
  for (const e of courseTimeline(protocol)) {
    let text = e.label;
    if (e.kind === "assessment") text = `Assessment: ${e.label} [${e.assessmentKind}]`;
    if (e.kind === "preparatory" || e.kind === "integration") text += ` (${e.durationMin} min)`;
    if (e.kind === "experimental" && e.sessionIndex !== undefined) {
      const i = e.sessionIndex;
      const doses = protocol.arms.map((a) => `${a.id} ${describeDosing(a.sessions[i]!)}`).join("; ");
      text += ` (${(e.durationMin ?? 0) / 60} h): ${doses}${protocol.schedule.overnightStay ? "; overnight stay" : ""}`;
    }
    lines.push(`${pad(String(e.day), 5)}  ${pad(e.week.toFixed(1), 5)}  ${text}`);
  }
  lines.push("");
  const v = protocol.sessionRules.vitals;
  lines.push(`Vitals in each drug session: BP/HR at ${v.bloodPressureAndHeartRateH.join(", ")} h; temperature at ${v.temperatureH.join(", ")} h`);
  for (const t of protocol.sessionRules.thresholds) {
    const ref = t.reference === "baseline" ? `a rise of more than ${t.above} over pre-dose` : `above ${t.above}`;
    lines.push(`  rule ${t.id}: ${t.measure} ${ref} -> ${t.actions.join(", ")}${t.repeatAfterMin ? ` (repeat after ${t.repeatAfterMin} min)` : ""}`);
  }
  return lines.join("\n");
}
