/**
 * Every chart of a result, named: what a report embeds and what `--plot` picks from. The kinds
 * are those the display module knows (`withDisplay(result, kind)`).
 */
import { rejectPending } from "../errors.js";
import type { TrialsRun } from "../trial/api.js";
import type { PowerPoint, SampleSizeResult } from "../trial/power-search.js";
import type { ForecastResult } from "../calibration/forecast.js";
import type { CalibrationSummary } from "../calibration/calibrate.js";
import type { CheckReport } from "../check/check.js";
import type { ParticipantResult } from "../outcomes/participant.js";
import type { SessionOutcome } from "../session/simulate.js";
import type { Threshold } from "../protocol/schema.js";
import { chartTitle, type ChartSpec, type NamedChart } from "./spec.js";
import { powerCurve } from "./power.js";
import { effectDistribution } from "./effects.js";
import { trajectories } from "./trajectories.js";
import { sessionChart } from "./session.js";
import { calibrationFit, leaveOneOut } from "./calibration.js";
import { checkChart } from "./check.js";

/** The kinds of result that have charts. */
export const CHART_KINDS = ["trials", "forecast", "power", "sample-size", "participant", "session", "calibration", "check"] as const;
/**
 * A kind of result that has charts (one of CHART_KINDS), as charts.chartsFor takes it with the
 * result; ChartSources gives each kind's result type.
 */
export type ChartKind = (typeof CHART_KINDS)[number];

/** Which result type each kind is. */
export interface ChartSources {
  readonly trials: TrialsRun;
  readonly forecast: ForecastResult;
  readonly power: readonly PowerPoint[];
  readonly "sample-size": SampleSizeResult;
  readonly participant: ParticipantResult;
  readonly session: SessionOutcome;
  readonly calibration: CalibrationSummary;
  readonly check: CheckReport;
}

/**
 * Options of charts.chartsFor, each used by the charts that need it: the protocol's thresholds
 * (session charts), published effects to mark (effect distributions) and the target power (power
 * curves).
 */
export interface ChartsForOptions {
  /** The protocol's thresholds, for session charts (`protocol.sessionRules.thresholds`). */
  readonly thresholds?: readonly Threshold[];
  /** A published effect to mark on effect distributions (Hedges' g; one number or one per compared arm). */
  readonly publishedG?: number | Readonly<Record<string, number>>;
  /** A published difference in mean change to mark (scale points). */
  readonly publishedDifference?: number | Readonly<Record<string, number>>;
  /** Target power for power curves (default 0.8, or the search's target). */
  readonly targetPower?: number;
}

const named = (id: string, spec: ChartSpec): NamedChart => ({ id, title: chartTitle(spec), spec });

function effectCharts(source: TrialsRun | ForecastResult, o: ChartsForOptions): NamedChart[] {
  return [
    named("effect-g", effectDistribution(source, { measure: "g", ...(o.publishedG !== undefined ? { published: o.publishedG } : {}) })),
    named("effect-difference", effectDistribution(source, { measure: "difference", ...(o.publishedDifference !== undefined ? { published: o.publishedDifference } : {}) })),
  ];
}

function participantCharts(p: ParticipantResult, o: ChartsForOptions): NamedChart[] {
  const sessions = p.course.sessions.filter((s) => s.samples !== undefined || s.readings.length > 0);
  return [
    named("course", trajectories(p, { title: `Participant ${p.course.participant.index} of trial ${p.course.trial} (${p.course.armId}): scores over the visits` })),
    ...sessions.map((s) => named(`session-${s.index + 1}`, sessionChart(p, { session: s.index, ...(o.thresholds ? { thresholds: o.thresholds } : {}) }))),
  ];
}

/** Every chart of a result of the given kind, each with a stable id and its title. */
export function chartsFor<K extends ChartKind>(result: ChartSources[K], kind: K, options: ChartsForOptions = {}): NamedChart[] {
  rejectPending(result, "charts");
  const target = options.targetPower !== undefined ? { targetPower: options.targetPower } : {};
  switch (kind) {
    case "trials":
    case "forecast":
      return effectCharts(result as TrialsRun | ForecastResult, options);
    case "power":
    case "sample-size":
      return [named("power-curve", powerCurve(result as readonly PowerPoint[] | SampleSizeResult, target))];
    case "participant":
      return participantCharts(result as ParticipantResult, options);
    case "session":
      return [named("session", sessionChart(result as SessionOutcome, options.thresholds ? { thresholds: options.thresholds } : {}))];
    case "calibration":
      return [named("calibration-fit", calibrationFit(result as CalibrationSummary)), named("leave-one-out", leaveOneOut(result as CalibrationSummary))];
    case "check":
      return [named("check", checkChart(result as CheckReport))];
    default:
      throw new RangeError(`no charts for a result of kind "${String(kind)}" (kinds: ${CHART_KINDS.join(", ")})`);
  }
}
