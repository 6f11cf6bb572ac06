/** What a drug session is given (its plan) and what it produces (readings, events, doses, exposure). */
import type { VitalMeasure, ThresholdAction } from "../protocol/schema.js";
import type { VitalValues } from "../vitals/model.js";

export interface SessionPlan {
  /** 0-based index of the drug session in the course. */
  readonly index: number;
  readonly day: number;
  readonly durationH: number;
  readonly initialMg: number;
  readonly supplemental?: { readonly mg: number; readonly offeredAtH: { readonly earliest: number; readonly latest: number } };
}

export type ReadingKind = "blood-pressure" | "temperature";
export type ReadingCause = "scheduled" | "repeat" | "extended";

export interface Reading {
  readonly timeH: number;
  readonly kind: ReadingKind;
  readonly cause: ReadingCause;
  readonly systolicMmHg?: number;
  readonly diastolicMmHg?: number;
  readonly heartRateBpm?: number;
  readonly temperatureC?: number;
}

export type SessionEvent =
  | { readonly timeH: number; readonly type: "pre-session-checks"; readonly checks: readonly string[] }
  | { readonly timeH: number; readonly type: "dose"; readonly dose: "initial" | "supplemental"; readonly mg: number }
  | { readonly timeH: number; readonly type: "supplemental-withheld"; readonly mg: number; readonly thresholdId: string; readonly measure: VitalMeasure; readonly readingTimeH: number; readonly value: number; readonly limit: number }
  | { readonly timeH: number; readonly type: "supplemental-declined"; readonly mg: number }
  | { readonly timeH: number; readonly type: "threshold-crossed"; readonly thresholdId: string; readonly measure: VitalMeasure; readonly value: number; readonly limit: number; readonly actions: readonly ThresholdAction[] }
  | { readonly timeH: number; readonly type: "alert-physician"; readonly thresholdId: string; readonly measure: VitalMeasure; readonly value: number }
  | { readonly timeH: number; readonly type: "repeat-reading-scheduled"; readonly kind: ReadingKind; readonly atH: number; readonly thresholdId: string }
  | { readonly timeH: number; readonly type: "intervention"; readonly measure: VitalMeasure; readonly thresholdId: string }
  | { readonly timeH: number; readonly type: "monitoring-extended"; readonly kind: ReadingKind; readonly atH: number }
  | { readonly timeH: number; readonly type: "monitoring-ended"; readonly plannedEndH: number; readonly aboveThreshold: boolean };

export interface DoseRecord {
  readonly timeH: number;
  readonly mg: number;
  readonly kind: "initial" | "supplemental";
  readonly given: boolean;
  /** Why a dose was not given: "withheld" by a rule or "declined" by the participant. */
  readonly notGivenBecause?: "withheld" | "declined";
}

export interface Sample extends VitalValues {
  readonly timeH: number;
  readonly concentrationNgPerMl: number;
}

/**
 * One drug session as simulated: the doses (given, withheld or declined), the exposure (AUC in
 * ng·h/mL), the vital-sign readings the staff took and what the monitoring rules did; with full
 * detail also the peak concentration and true values on a fine grid. Times are hours after the
 * initial dose; a participant's `course.sessions` holds one per drug session given.
 */
export interface SessionOutcome {
  readonly index: number;
  readonly day: number;
  readonly doses: readonly DoseRecord[];
  /** Exposure over the exposure horizon (24 h by default): the quantity the drug effect depends on. */
  readonly aucNgHPerMl: number;
  /** Active CYP2D6 fraction at the end of the exposure horizon. */
  readonly enzymeAtHorizon: number;
  /** Full detail only: peak concentration and its time. */
  readonly cmaxNgPerMl?: number;
  readonly tmaxH?: number;
  readonly readings: readonly Reading[];
  readonly events: readonly SessionEvent[];
  /** Hours after the initial dose at which monitoring ended (full detail; the supplemental decision time otherwise). */
  readonly monitoringEndH: number;
  /** Full detail only: true values on a fine grid, for plotting. */
  readonly samples?: readonly Sample[];
}

export type Detail = "efficacy" | "full";

export interface SessionOptions {
  readonly detail: Detail;
  /** Active CYP2D6 fraction at the start (below 1 if a recent session left it inhibited). */
  readonly initialEnzyme: number;
  /** Spacing of the fine grid in full detail (h). */
  readonly sampleStepH?: number;
}

