/**
 * One drug session on a shared time axis: the true MDMA concentration, blood pressure, heart rate
 * and body temperature (lines, from the fine grid), the readings the staff took (points; repeats
 * and extended monitoring shown by shape, readings over a threshold outlined), the protocol's
 * thresholds (dashed rules), and a lane per thing the rules did (supplemental dose given, withheld
 * or declined, repeat readings, physician alerts, interventions, monitoring extended and ended).
 */
import type { ParticipantResult } from "../outcomes/participant.js";
import type { Reading, SessionEvent, SessionOutcome } from "../session/simulate.js";
import type { Threshold, VitalMeasure } from "../protocol/schema.js";
import { formatNumber } from "../format.js";
import { OKABE_ITO, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/**
 * Options of charts.session: which of a participant's drug sessions to draw, the protocol's
 * thresholds, the title and caption facts.
 */
export interface SessionChartOptions {
  /** Which drug session of a participant (0-based index; default the first). */
  readonly session?: number;
  /** The protocol's thresholds (from `protocol.sessionRules.thresholds`); without them only those crossed are drawn. */
  readonly thresholds?: readonly Threshold[];
  readonly title?: string;
  readonly caption?: CaptionFacts;
}

type Row = Record<string, unknown>;

const MEASURE_LABEL: Record<VitalMeasure, string> = { systolicMmHg: "Systolic", diastolicMmHg: "Diastolic", heartRateBpm: "Heart rate", temperatureC: "Temperature" };
const MEASURE_COLOUR: Record<VitalMeasure, string> = { systolicMmHg: OKABE_ITO.blue, diastolicMmHg: OKABE_ITO.orange, heartRateBpm: OKABE_ITO.reddishPurple, temperatureC: OKABE_ITO.bluishGreen };

/** The vital-sign panels: which measures each shows and its axis title with units. */
const VITAL_PANELS: readonly { readonly id: string; readonly measures: readonly VitalMeasure[]; readonly title: string }[] = [
  { id: "bp", measures: ["systolicMmHg", "diastolicMmHg"], title: "BP (mmHg)" },
  { id: "hr", measures: ["heartRateBpm"], title: "Heart rate (bpm)" },
  { id: "temp", measures: ["temperatureC"], title: "Temperature (°C)" },
];

/** The session a source holds (a participant's session by index, or the session itself). */
export function sessionOf(source: ParticipantResult | SessionOutcome, index = 0): SessionOutcome {
  if (!("course" in source)) return source;
  const s = source.course.sessions.find((x) => x.index === index);
  if (!s) throw new RangeError(`the participant has no drug session ${index} (sessions: ${source.course.sessions.map((x) => x.index).join(", ") || "none"})`);
  return s;
}

/** Limits in force: absolute thresholds as given, baseline ones over the first reading of their measure. */
export function thresholdRows(session: SessionOutcome, thresholds: readonly Threshold[] | undefined): Row[] {
  const first = (m: VitalMeasure) => [...session.readings].sort((a, b) => a.timeH - b.timeH).find((r) => r[m] !== undefined)?.[m];
  if (thresholds) {
    return thresholds.flatMap((t) => {
      const limit = t.reference === "baseline" ? (first(t.measure) ?? Number.NaN) + t.above : t.above;
      return Number.isFinite(limit) ? [{ measure: t.measure, label: MEASURE_LABEL[t.measure], limit: sig(limit), thresholdId: t.id, actions: t.actions.join(", ") }] : [];
    });
  }
  const seen = new Map<string, Row>();
  for (const e of session.events) if (e.type === "threshold-crossed") seen.set(e.thresholdId, { measure: e.measure, label: MEASURE_LABEL[e.measure], limit: sig(e.limit), thresholdId: e.thresholdId, actions: e.actions.join(", ") });
  return [...seen.values()];
}

/** Readings in long form, one row per measure read, flagged when a threshold was crossed by it. */
function readingRows(session: SessionOutcome): Row[] {
  const crossed = new Set(session.events.flatMap((e) => (e.type === "threshold-crossed" ? [`${e.timeH}|${e.measure}`] : [])));
  const measures = Object.keys(MEASURE_LABEL) as VitalMeasure[];
  return session.readings.flatMap((r: Reading) =>
    measures.flatMap((m) => (r[m] === undefined ? [] : [{ measure: m, label: MEASURE_LABEL[m], timeH: sig(r.timeH), value: sig(r[m]!), cause: r.cause, overThreshold: crossed.has(`${r.timeH}|${m}`) }])),
  );
}

/** The fine grid in long form (true values, no measurement error). */
function sampleRows(session: SessionOutcome, measures: readonly (VitalMeasure | "concentrationNgPerMl")[]): Row[] {
  return (session.samples ?? []).flatMap((s) => measures.map((m) => ({ measure: m, label: m === "concentrationNgPerMl" ? "Concentration" : MEASURE_LABEL[m], timeH: sig(s.timeH), value: sig(s[m]) })));
}

/** Doses as markers: given, withheld by a rule, or declined. */
function doseRows(session: SessionOutcome): Row[] {
  return session.doses.map((d) => {
    const status = d.given ? "given" : (d.notGivenBecause ?? "not given");
    return { timeH: sig(d.timeH), mg: d.mg, kind: d.kind, status, text: `${formatNumber(d.mg)} mg ${d.kind}${d.given ? "" : ` ${status}`}` };
  });
}

const LANES: Partial<Record<SessionEvent["type"], string>> = {
  dose: "Dose given",
  "supplemental-withheld": "Supplemental withheld",
  "supplemental-declined": "Supplemental declined",
  "threshold-crossed": "Threshold crossed",
  "repeat-reading-scheduled": "Repeat reading",
  "alert-physician": "Physician alerted",
  intervention: "Intervention",
  "monitoring-extended": "Monitoring extended",
  "monitoring-ended": "Monitoring ended",
};

/** What an event says, in one line (the tooltip). */
export function describeSessionEvent(e: SessionEvent): string {
  switch (e.type) {
    case "dose":
      return `${e.dose} dose ${formatNumber(e.mg)} mg given`;
    case "supplemental-withheld":
      return `${formatNumber(e.mg)} mg withheld: ${MEASURE_LABEL[e.measure]} ${formatNumber(e.value)} over ${formatNumber(e.limit)} (${e.thresholdId}) at ${formatNumber(e.readingTimeH)} h`;
    case "supplemental-declined":
      return `${formatNumber(e.mg)} mg offered and declined`;
    case "threshold-crossed":
      return `${MEASURE_LABEL[e.measure]} ${formatNumber(e.value)} over ${formatNumber(e.limit)} (${e.thresholdId}): ${e.actions.join(", ")}`;
    case "repeat-reading-scheduled":
      return `${e.kind} reading repeated at ${formatNumber(e.atH)} h (${e.thresholdId})`;
    case "alert-physician":
      return `physician alerted: ${MEASURE_LABEL[e.measure]} ${formatNumber(e.value)} (${e.thresholdId})`;
    case "intervention":
      return `intervention for ${MEASURE_LABEL[e.measure]} (${e.thresholdId})`;
    case "monitoring-extended":
      return `${e.kind} monitoring extended to ${formatNumber(e.atH)} h`;
    case "monitoring-ended":
      return `monitoring ended (planned ${formatNumber(e.plannedEndH)} h)${e.aboveThreshold ? ", still over a threshold" : ""}`;
    default:
      return e.type;
  }
}

/** One row per event the rules produced, in its lane. */
export function ruleEventRows(session: SessionOutcome): Row[] {
  return session.events.flatMap((e) => {
    const lane = LANES[e.type];
    return lane ? [{ timeH: sig(e.timeH), lane, type: e.type, detail: describeSessionEvent(e) }] : [];
  });
}

function xAxis(endH: number, showTitle: boolean): Row {
  return { field: "timeH", type: "quantitative", title: showTitle ? "Hours after the initial dose" : null, scale: { domain: [0, endH], nice: false } };
}

function measureColour(measures: readonly VitalMeasure[], legend: boolean): Row {
  return { field: "label", type: "nominal", title: null, scale: { domain: measures.map((m) => MEASURE_LABEL[m]), range: measures.map((m) => MEASURE_COLOUR[m]) }, legend: legend ? { orient: "right", columns: 1 } : null };
}

const CAUSE_SHAPES = { domain: ["scheduled", "repeat", "extended"], range: ["circle", "diamond", "square"] };

/** A vital-sign panel, with only the layers that have data (null when the session has none for it). */
function vitalPanel(session: SessionOutcome, panel: (typeof VITAL_PANELS)[number], thresholds: readonly Row[], endH: number): Row | null {
  const mine = (r: Row) => panel.measures.includes(r.measure as VitalMeasure);
  const samples = sampleRows(session, panel.measures);
  const readings = readingRows(session).filter(mine);
  const limits = thresholds.filter(mine);
  if (samples.length === 0 && readings.length === 0) return null;
  const x = xAxis(endH, false);
  const y = { field: "value", type: "quantitative", title: panel.title, scale: { zero: false } };
  const color = measureColour(panel.measures, panel.measures.length > 1);
  const readingTip = [{ field: "label", title: "measure" }, numberTip("timeH", "hours"), numberTip("value", "reading"), { field: "cause", title: "why taken" }, { field: "overThreshold", title: "over a threshold" }];
  const limitTip = [{ field: "thresholdId", title: "threshold" }, numberTip("limit", "limit"), { field: "actions", title: "actions" }];
  const shape = { field: "cause", type: "nominal", title: "Reading", scale: CAUSE_SHAPES, legend: panel.id === "bp" ? { orient: "right", columns: 1 } : null };
  const stroke = { condition: { test: "datum.overThreshold", value: OKABE_ITO.black }, value: null };
  const layers: Row[] = [
    ...(samples.length ? [{ data: { values: samples }, mark: { type: "line", strokeWidth: 1.5, opacity: 0.8 }, encoding: { x, y, color } }] : []),
    ...(limits.length
      ? [
          { data: { values: limits }, mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 1.2 }, encoding: { y: { field: "limit", type: "quantitative", title: panel.title }, color, tooltip: limitTip } },
          { data: { values: limits }, mark: { type: "text", align: "right", baseline: "top", dy: 2, fontSize: 9, x: "width" }, encoding: { y: { field: "limit", type: "quantitative", title: panel.title }, text: { field: "thresholdId" }, color } },
        ]
      : []),
    ...(readings.length ? [{ data: { values: readings }, mark: { type: "point", filled: true, size: 40 }, encoding: { x, y, color, shape, stroke, strokeWidth: { value: 1.5 }, tooltip: readingTip } }] : []),
  ];
  return { height: 120, width: 560, layer: layers };
}

/** Concentration (when the session has its fine grid) with the doses given, withheld or declined. */
function concentrationPanel(session: SessionOutcome, endH: number): Row {
  const x = xAxis(endH, false);
  const doseColour = { field: "status", type: "nominal", title: "Dose", legend: null, scale: { domain: ["given", "withheld", "declined"], range: [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.grey] } };
  const samples = sampleRows(session, ["concentrationNgPerMl"]);
  const line = { data: { values: samples }, mark: { type: "line", color: OKABE_ITO.black, strokeWidth: 1.5 }, encoding: { x, y: { field: "value", type: "quantitative", title: "MDMA (ng/mL)" } } };
  return {
    height: samples.length ? 120 : 30,
    width: 560,
    layer: [
      ...(samples.length ? [line] : []),
      { data: { values: doseRows(session) }, mark: { type: "rule", strokeDash: [3, 3] }, encoding: { x, color: doseColour, tooltip: [{ field: "text", title: "dose" }, numberTip("timeH", "hours")] } },
      { data: { values: doseRows(session) }, mark: { type: "text", align: "left", dx: 3, baseline: "top", y: 2, fontSize: 9 }, encoding: { x, text: { field: "text" }, color: doseColour } },
    ],
  };
}

function rulesPanel(session: SessionOutcome, endH: number): Row {
  const lanes = [...new Set(Object.values(LANES))];
  return {
    height: 18 * lanes.length,
    width: 560,
    data: { values: ruleEventRows(session) },
    mark: { type: "point", filled: true, size: 60 },
    encoding: {
      x: xAxis(endH, true),
      y: { field: "lane", type: "nominal", title: "What the rules did", sort: lanes, scale: { domain: lanes } },
      color: { field: "lane", type: "nominal", legend: null, scale: { domain: lanes, range: [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.grey, OKABE_ITO.orange, OKABE_ITO.skyBlue, OKABE_ITO.reddishPurple, OKABE_ITO.blue, OKABE_ITO.black, OKABE_ITO.grey] } },
      shape: { value: "diamond" },
      tooltip: [{ field: "lane", title: "event" }, numberTip("timeH", "hours"), { field: "detail", title: "detail" }],
    },
  };
}

/** Latest time anything happened in the session (the shared x axis ends there). */
function sessionEndH(session: SessionOutcome): number {
  const times = [session.monitoringEndH, ...session.events.map((e) => e.timeH), ...session.readings.map((r) => r.timeH), ...(session.samples ?? []).map((s) => s.timeH)];
  return Math.max(1, ...times.filter(Number.isFinite));
}

/** One drug session: concentration, vitals and what the rules did, against hours after the initial dose. */
export function sessionChart(source: ParticipantResult | SessionOutcome, options: SessionChartOptions = {}): ChartSpec {
  const session = sessionOf(source, options.session ?? 0);
  const thresholds = thresholdRows(session, options.thresholds);
  const endH = sessionEndH(session);
  const facts: CaptionFacts = {
    ...("seed" in source ? { seed: source.seed } : {}),
    note: `${session.samples ? "Lines: true values (no measurement error); points" : "No fine grid (simulated with detail \"efficacy\"); points"}: readings taken (outlined: over a threshold). AUC ${formatNumber(session.aucNgHPerMl)} ng·h/mL${options.thresholds ? "" : "; thresholds shown only where crossed (pass the protocol's to see all)"}.`,
    ...options.caption,
  };
  return chart(options.title ?? `Drug session ${session.index + 1} (day ${session.day})`, facts, {
    vconcat: [concentrationPanel(session, endH), ...VITAL_PANELS.flatMap((p) => vitalPanel(session, p, thresholds, endH) ?? []), rulesPanel(session, endH)],
    spacing: 8,
    resolve: { scale: { x: "shared", color: "independent", shape: "independent", stroke: "independent" }, legend: { color: "independent", shape: "independent" } },
  });
}
