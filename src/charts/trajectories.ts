/**
 * Scale scores by arm over the assessment visits: the mean, with bands holding the middle 50% and
 * 90%, and the participants who dropped out before each visit marked. Built from courses (one
 * simulated trial's, several trials', or one participant's); the per-visit summary is exported
 * so a report can print it as a table.
 */
import { mean, quantiles } from "../analysis/descriptive.js";
import type { CourseOutcome } from "../outcomes/course.js";
import type { ParticipantResult } from "../outcomes/participant.js";
import type { SimulatedTrial } from "../trial/simulate.js";
import { SERIES_COLOURS, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/** One arm at one visit: how many were observed, their mean score and its spread, and who had left. */
export interface VisitSummary {
  readonly armId: string;
  readonly visitId: string;
  readonly label: string;
  readonly day: number;
  /** Participants allocated to the arm, and those observed at this visit. */
  readonly allocated: number;
  readonly observed: number;
  /** Participants whose dropout came just before this visit (their first missed assessment). */
  readonly droppedBefore: number;
  readonly mean: number | null;
  readonly p05: number | null;
  readonly p25: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly p95: number | null;
}

/**
 * What charts.trajectories and charts.visitSummaries read: a list of courses, one simulated trial
 * (simulateTrial's result) or several, or one participant (simulateParticipant's result).
 */
export type TrajectorySource = readonly CourseOutcome[] | SimulatedTrial | readonly SimulatedTrial[] | ParticipantResult;

/** The courses a source holds. */
export function coursesOf(source: TrajectorySource): readonly CourseOutcome[] {
  if (!Array.isArray(source)) return "course" in source ? [source.course] : (source as SimulatedTrial).courses;
  return (source as readonly (CourseOutcome | SimulatedTrial)[]).flatMap((x) => ("courses" in x ? x.courses : [x]));
}

function summarizeCell(armId: string, visit: CourseOutcome["assessments"][number], courses: readonly CourseOutcome[]): VisitSummary {
  const scores = courses.flatMap((c) => c.assessments.filter((a) => a.id === visit.id && a.score !== null).map((a) => a.score!));
  const [p05, p25, p50, p75, p95] = scores.length ? quantiles(scores, [0.05, 0.25, 0.5, 0.75, 0.95]).map((x) => sig(x)) : [null, null, null, null, null];
  return {
    armId,
    visitId: visit.id,
    label: visit.label,
    day: visit.day,
    allocated: courses.length,
    observed: scores.length,
    droppedBefore: courses.filter((c) => c.dropout?.beforeAssessmentId === visit.id).length,
    mean: scores.length ? sig(mean(scores)) : null,
    p05: p05 ?? null,
    p25: p25 ?? null,
    p50: p50 ?? null,
    p75: p75 ?? null,
    p95: p95 ?? null,
  };
}

/** Per-arm, per-visit summaries of observed scores (arms in order of first appearance, visits by day). */
export function visitSummaries(source: TrajectorySource): VisitSummary[] {
  const courses = coursesOf(source);
  const arms = [...new Set(courses.map((c) => c.armId))];
  return arms.flatMap((armId) => {
    const inArm = courses.filter((c) => c.armId === armId);
    const visits = [...inArm[0]!.assessments].sort((a, b) => a.day - b.day);
    return visits.map((v) => summarizeCell(armId, v, inArm));
  });
}

/** Options of charts.trajectories: the score axis's title, the chart's title and caption facts. */
export interface TrajectoriesOptions {
  /** Axis title for the score (default "CAPS total score (points)"). */
  readonly scoreTitle?: string;
  readonly title?: string;
  readonly caption?: CaptionFacts;
}

function trajectoryLayers(armIds: readonly string[], scoreTitle: string, visitOrder: readonly string[], withDropouts: boolean): Record<string, unknown>[] {
  const x = { field: "visit", type: "ordinal", title: "Assessment visit (days after baseline)", sort: visitOrder, axis: { labelAngle: 0 } };
  const y = (field: string) => ({ field, type: "quantitative", title: scoreTitle, scale: { zero: true } });
  const color = { field: "armId", type: "nominal", title: "Arm", scale: { domain: armIds, range: SERIES_COLOURS.slice(0, Math.max(1, armIds.length)) } };
  const tooltip = [{ field: "armId", title: "arm" }, { field: "label", title: "visit" }, numberTip("day", "day"), numberTip("observed", "observed"), numberTip("mean", "mean"), numberTip("p05", "5%"), numberTip("p25", "25%"), numberTip("p75", "75%"), numberTip("p95", "95%"), numberTip("droppedBefore", "dropped out before")];
  const observed = { filter: "isValid(datum.mean)" };
  const dropped = [observed, { filter: "datum.droppedBefore > 0" }, { calculate: "datum.droppedBefore + ' left'", as: "dropLabel" }];
  const layers: Record<string, unknown>[] = [
    { transform: [observed], mark: { type: "area", opacity: 0.1 }, encoding: { x, y: y("p05"), y2: { field: "p95" }, color } },
    { transform: [observed], mark: { type: "area", opacity: 0.22 }, encoding: { x, y: y("p25"), y2: { field: "p75" }, color } },
    { transform: [observed], mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: y("mean"), color, tooltip } },
  ];
  if (!withDropouts) return layers;
  return [
    ...layers,
    { transform: dropped, mark: { type: "point", shape: "triangle-down", filled: true, size: 90, yOffset: -14 }, encoding: { x, y: y("mean"), color, tooltip } },
    { transform: dropped, mark: { type: "text", dy: -26, fontSize: 9 }, encoding: { x, y: y("mean"), text: { field: "dropLabel" }, color } },
  ];
}

/** Scores by arm over the visits: mean, 50% and 90% bands over participants, dropouts marked. */
export function trajectories(source: TrajectorySource, options: TrajectoriesOptions = {}): ChartSpec {
  const rows = visitSummaries(source).map((r) => ({ ...r, visit: `${r.visitId} (day ${r.day})` }));
  const armIds = [...new Set(rows.map((r) => r.armId))];
  const visitOrder = [...new Map([...rows].sort((a, b) => a.day - b.day).map((r) => [r.visit, r.visit])).keys()];
  const participants = coursesOf(source).length;
  const facts: CaptionFacts = {
    ...("seed" in source && !Array.isArray(source) ? { seed: (source as ParticipantResult).seed } : {}),
    note: `Line: mean of observed scores; bands: middle 50% and 90% of ${participants} participant${participants === 1 ? "" : "s"}; ▼ dropouts before a visit. Visits evenly spaced, not to scale.`,
    ...options.caption,
  };
  return chart(options.title ?? "Scores by arm over the visits", facts, {
    width: Math.max(360, 90 * visitOrder.length),
    height: 280,
    data: { values: rows },
    layer: trajectoryLayers(armIds, options.scoreTitle ?? "CAPS total score (points)", visitOrder, rows.some((r) => r.droppedBefore > 0 && r.mean !== null)),
  });
}
