/**
 * The state of a drug session as plain data: what the session was given (its context), the
 * participant's true physiology as it evolves (the dynamics), and what has happened so far
 * (readings, events, doses, the readings still to take). The step functions in steps.ts read
 * and update it; simulate.ts runs them in order.
 */
import type { Parameters } from "../params/table.js";
import type { SessionRules, VitalMeasure } from "../protocol/schema.js";
import type { Rng } from "../random/rng.js";
import type { Dose } from "../pk/model.js";
import type { Participant } from "../participants/participant.js";
import type { DoseRecord, Reading, ReadingCause, ReadingKind, SessionEvent, SessionPlan } from "./types.js";
import type { Exposure, SessionTrajectory } from "./trajectory.js";

/** Everything fixed for the session before it starts. */
export interface SessionContext {
  readonly participant: Participant;
  readonly plan: SessionPlan;
  readonly rules: SessionRules;
  readonly params: Parameters;
  /** Full detail: monitor to the end and record everything; otherwise stop at the supplemental decision. */
  readonly full: boolean;
  /** Hours after the initial dose at which the supplemental dose is offered (NaN without one). */
  readonly offerH: number;
  /** Whether the participant takes the supplemental dose when it is offered and not withheld. */
  readonly accepts: boolean;
  readonly plannedEndH: number;
  /** Latest time a reading may be taken (the planned end, plus the longest extension if the rules extend). */
  readonly maxEndH: number;
  /** Interval between readings while monitoring is extended (h). */
  readonly extensionIntervalH: number;
}

/** A reading still to take. */
export interface PendingReading {
  readonly timeH: number;
  readonly kind: ReadingKind;
  readonly cause: ReadingCause;
}

export type WithheldEvent = Extract<SessionEvent, { type: "supplemental-withheld" }>;

export interface Intervention {
  readonly timeH: number;
  readonly measures: readonly VitalMeasure[];
}

export interface SessionState {
  readonly ctx: SessionContext;
  /** The participant's true PK and vital signs over the session. */
  readonly trajectory: SessionTrajectory;
  /** Measurement error of the readings (absent when no reading is simulated). */
  readonly noiseRng: Rng | undefined;
  /** Readings to take, sorted by time (blood pressure before temperature at the same time). */
  readonly queue: PendingReading[];
  readonly readings: Reading[];
  readonly events: SessionEvent[];
  readonly doses: DoseRecord[];
  /** Doses actually taken, for the exposure. */
  readonly givenDoses: Dose[];
  /** The first (pre-dose) reading of each kind: the reference of "baseline" thresholds. */
  readonly firstReading: Partial<Record<ReadingKind, Reading>>;
  readonly lastReading: Partial<Record<ReadingKind, Reading>>;
  /** Factor on the drug-induced rise of each measure (1 until an intervention lowers it). */
  readonly dampening: Record<VitalMeasure, number>;
  readonly interventions: Intervention[];
  /** Set by the first withhold rule that fires before the offer. */
  withheldBy: WithheldEvent | undefined;
  initialGiven: boolean;
  supplementalDecided: boolean;
  monitoringEndH: number;
  /** The session's exposure, known once the supplemental decision is made. */
  exposure: Exposure | undefined;
}

/** Insert a pending reading, keeping the queue sorted by time, blood pressure before temperature at the same time. */
export function enqueueReading(queue: PendingReading[], pending: PendingReading): void {
  let i = queue.length;
  while (i > 0 && comesAfter(queue[i - 1]!, pending)) i--;
  queue.splice(i, 0, pending);
}

function comesAfter(queued: PendingReading, pending: PendingReading): boolean {
  return queued.timeH > pending.timeH || (queued.timeH === pending.timeH && queued.kind === "temperature" && pending.kind === "blood-pressure");
}

const schedules = new WeakMap<SessionRules, readonly PendingReading[]>();

/** The scheduled readings of the rules, in order (a fresh copy of a list sorted once per rules object). */
export function scheduledReadings(rules: SessionRules): PendingReading[] {
  let sorted = schedules.get(rules);
  if (!sorted) {
    const queue: PendingReading[] = [];
    for (const h of rules.vitals.bloodPressureAndHeartRateH) enqueueReading(queue, { timeH: h, kind: "blood-pressure", cause: "scheduled" });
    for (const h of rules.vitals.temperatureH) enqueueReading(queue, { timeH: h, kind: "temperature", cause: "scheduled" });
    sorted = queue;
    schedules.set(rules, sorted);
  }
  return sorted.slice();
}

/** A fresh state: the pre-session checks done, the initial dose recorded, nothing read yet. */
export function newSessionState(ctx: SessionContext, trajectory: SessionTrajectory, noiseRng: Rng | undefined): SessionState {
  const { plan, rules } = ctx;
  const givenDoses: Dose[] = plan.initialMg > 0 ? [{ timeH: 0, mg: plan.initialMg }] : [];
  return {
    ctx,
    trajectory,
    noiseRng,
    queue: noiseRng ? scheduledReadings(rules) : [],
    readings: [],
    events: [{ timeH: 0, type: "pre-session-checks", checks: rules.preSessionChecks }],
    doses: [{ timeH: 0, mg: plan.initialMg, kind: "initial", given: true }],
    givenDoses,
    firstReading: {},
    lastReading: {},
    dampening: { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 },
    interventions: [],
    withheldBy: undefined,
    initialGiven: false,
    supplementalDecided: plan.supplemental === undefined,
    monitoringEndH: 0,
    exposure: undefined,
  };
}
