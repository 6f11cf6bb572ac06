/**
 * Mean scores by arm over the visits for a whole run: what one trial of the design would show at
 * each visit, as the distribution over simulated trials of the arm's mean score
 * (`summary.arms[].visits`). The participant-level chart is `charts.trajectories` (courses).
 */
import type { TrialsRun } from "../trial/api.js";
import { SERIES_COLOURS, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "../charts/spec.js";

/** One arm at one visit: the distribution over trials of the arm's mean score. */
export interface RunVisitRow {
  readonly armId: string;
  readonly visit: string;
  readonly day: number;
  readonly ratedPerTrial: number;
  readonly median: number;
  readonly p05: number | null;
  readonly p25: number | null;
  readonly p75: number | null;
  readonly p95: number | null;
}

/** The rows of the chart: every arm's visits with a median (visits nobody was rated at are left out). */
export function runVisitRows(run: TrialsRun): RunVisitRow[] {
  const q = (x: number | null) => (x === null ? null : sig(x));
  return run.summary.arms.flatMap((arm) =>
    arm.visits.flatMap((v) => {
      const s = v.meanScore.quantiles;
      if (s.p50 === null) return [];
      return [{ armId: arm.id, visit: `${v.id} (day ${v.day})`, day: v.day, ratedPerTrial: sig(v.ratedPerTrial), median: sig(s.p50), p05: q(s.p05), p25: q(s.p25), p75: q(s.p75), p95: q(s.p95) }];
    }),
  );
}

export interface RunTrajectoriesOptions {
  readonly title?: string;
  /** Axis title for the score (default "Mean CAPS total score in a trial (points)"). */
  readonly scoreTitle?: string;
}

/**
 * Scores by arm over the visits for a run of many trials: the median over trials of the arm's
 * mean score, with bands holding the middle 50% and 90% of trials.
 */
export function runTrajectories(run: TrialsRun, options: RunTrajectoriesOptions = {}): ChartSpec {
  const rows = runVisitRows(run);
  const armIds = run.summary.arms.map((a) => a.id);
  const visitOrder = [...new Set([...rows].sort((a, b) => a.day - b.day).map((r) => r.visit))];
  const p = run.provenance;
  const facts: CaptionFacts = {
    version: p.version,
    seed: p.seed,
    trials: p.trialsCompleted,
    ...(p.protocolId !== undefined ? { protocolId: p.protocolId } : {}),
    ...(p.protocolHash !== undefined ? { protocolHash: p.protocolHash } : {}),
    note: "Line: median over trials of the arm's mean score; bands: middle 50% and 90% of trials. Visits evenly spaced, not to scale.",
  };
  const x = { field: "visit", type: "ordinal", title: "Assessment visit (days after baseline)", sort: visitOrder, axis: { labelAngle: 0 } };
  const y = (field: string) => ({ field, type: "quantitative", title: options.scoreTitle ?? "Mean CAPS total score in a trial (points)", scale: { zero: true } });
  const color = { field: "armId", type: "nominal", title: "Arm", scale: { domain: armIds, range: SERIES_COLOURS.slice(0, Math.max(1, armIds.length)) } };
  const tooltip = [{ field: "armId", title: "arm" }, { field: "visit", title: "visit" }, numberTip("median", "median"), numberTip("p05", "5%"), numberTip("p25", "25%"), numberTip("p75", "75%"), numberTip("p95", "95%"), numberTip("ratedPerTrial", "rated per trial")];
  return chart(options.title ?? "Mean scores by arm over the visits", facts, {
    width: Math.max(360, 80 * visitOrder.length),
    height: 260,
    data: { values: rows },
    layer: [
      { transform: [{ filter: "isValid(datum.p05)" }], mark: { type: "area", opacity: 0.1 }, encoding: { x, y: y("p05"), y2: { field: "p95" }, color } },
      { transform: [{ filter: "isValid(datum.p25)" }], mark: { type: "area", opacity: 0.22 }, encoding: { x, y: y("p25"), y2: { field: "p75" }, color } },
      { mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: y("median"), color, tooltip } },
    ],
  });
}
