/** Summaries of one participant's course and of one drug session. */
import type { ParticipantResult } from "../outcomes/participant.js";
import type { SessionEvent, SessionOutcome } from "../session/simulate.js";
import { formatNumber } from "../format.js";
import type { DisplayTable } from "./table.js";
import { FULL_DATA_NOTE, seedText, type DisplaySummary } from "./summary.js";

/** Doses of a session in a few words: "125 mg given; 62.5 mg withheld". */
export function dosesText(s: SessionOutcome): string {
  return s.doses.map((d) => `${formatNumber(d.mg)} mg ${d.given ? "given" : (d.notGivenBecause ?? "not given")}`).join("; ");
}

/** The events a rule produced (checks and the end of monitoring left out). */
const ruleEvents = (s: SessionOutcome): SessionEvent[] => s.events.filter((e) => e.type !== "pre-session-checks" && e.type !== "monitoring-ended" && e.type !== "dose");

function sessionsTable(p: ParticipantResult): DisplayTable {
  return {
    caption: "Drug sessions:",
    header: ["session", "day", "doses", "AUC ng·h/mL", "Cmax ng/mL", "readings", "rule events"],
    rows: p.course.sessions.map((s) => [s.index + 1, s.day, dosesText(s), s.aucNgHPerMl, s.cmaxNgPerMl ?? null, s.readings.length, ruleEvents(s).length]),
  };
}

function assessmentsTable(p: ParticipantResult): DisplayTable {
  return {
    caption: "Assessments:",
    header: ["visit", "day", "score", "change", "responder", "lost diagnosis", "remission"],
    rows: p.course.assessments.map((a) => [a.id, a.day, a.score ?? "missing", a.changeFromBaseline, a.responder, a.lostDiagnosis, a.remission]),
  };
}

/** One participant: arm, baseline, assessments, drug sessions, dropout and relapse. */
export function participantSummary(p: ParticipantResult): DisplaySummary {
  const c = p.course;
  const lines = [`Baseline score ${formatNumber(c.participant.baselineScore)}; ${c.sessions.length} drug session${c.sessions.length === 1 ? "" : "s"}.`];
  if (c.dropout) lines.push(`Dropped out on day ${c.dropout.day}, before ${c.dropout.beforeAssessmentId}.`);
  if (c.relapse) lines.push(`Relapsed on day ${formatNumber(c.relapse.day)}, ${formatNumber(c.relapse.monthsAfterPrimary)} months after the primary endpoint.`);
  return {
    title: `Participant ${c.participant.index} of trial ${c.trial}, arm ${c.armId}, seed ${seedText(p.seed)}`,
    lines,
    tables: [assessmentsTable(p), sessionsTable(p)],
    notes: [`${p.timeline.length} timeline events in .timeline (not shown).`, FULL_DATA_NOTE],
  };
}

/** What an event acted on, as table cells: measure, value, limit, rule. */
function eventCells(e: SessionEvent): unknown[] {
  const measure = "measure" in e ? e.measure : "kind" in e ? e.kind : "";
  const value = "value" in e ? e.value : "mg" in e ? e.mg : null;
  const limit = "limit" in e ? e.limit : "atH" in e ? e.atH : null;
  const rule = "thresholdId" in e ? e.thresholdId : "";
  return [e.timeH, e.type, measure, value, limit, rule];
}

/** One drug session: doses, exposure, readings, and what the rules did. */
export function sessionSummary(s: SessionOutcome): DisplaySummary {
  const events = ruleEvents(s);
  return {
    title: `Drug session ${s.index + 1} (day ${s.day})`,
    lines: [
      `Doses: ${dosesText(s)}.`,
      `Exposure: AUC ${formatNumber(s.aucNgHPerMl)} ng·h/mL${s.cmaxNgPerMl !== undefined ? `, Cmax ${formatNumber(s.cmaxNgPerMl)} ng/mL at ${formatNumber(s.tmaxH)} h` : ""}; ${s.readings.length} readings; monitoring until ${formatNumber(s.monitoringEndH)} h.`,
    ],
    tables: events.length ? [{ caption: "What the rules did:", header: ["hours", "event", "measure", "value / mg", "limit / at h", "rule"], rows: events.map(eventCells) }] : [],
    notes: [...(s.samples ? [`${s.samples.length} fine-grid samples in .samples (not shown).`] : []), FULL_DATA_NOTE],
  };
}
