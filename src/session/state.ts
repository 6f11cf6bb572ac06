/**
 * The state of a drug session as plain data: what the session was given (its context), the
 * participant's true physiology as it evolves (the dynamics), and what has happened so far
 * (readings, events, doses, the readings still to take). The step functions in steps.ts read
 * and update it; simulate.ts runs them in order.
 */
import type { Parameters } from "../params/table.js";
import type { SessionRules, VitalMeasure } from "../protocol/schema.js";
import type { Rng } from "../random/rng.js";
import { DormandPrince, type OdeOptions } from "../math/ode.js";
import { PkSystem, PK_STATE, type Dose } from "../pk/model.js";
import { makePkPdRhs, PKPD_STATE, vitalsFromState, type VitalValues } from "../vitals/model.js";
import type { Participant } from "../participants/participant.js";
import type { DoseRecord, Reading, ReadingCause, ReadingKind, SessionEvent, SessionPlan } from "./types.js";

/** Tolerances for the session's ODEs: ample for readings and exposure, fast enough for Monte Carlo. */
export const SESSION_ODE: OdeOptions = { rtol: 1e-5, atol: 1e-7, maxStepH: 4, maxSteps: 100_000 };

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
  /** The participant's true PK and vital signs; absent when no reading is simulated. */
  readonly dynamics: SessionDynamics | undefined;
  /** Measurement error of the readings. */
  readonly noiseRng: Rng | undefined;
  /** Readings to take, sorted by time (blood pressure before temperature at the same time). */
  readonly queue: PendingReading[];
  readonly readings: Reading[];
  readonly events: SessionEvent[];
  readonly doses: DoseRecord[];
  /** Doses actually taken, for the exposure. */
  readonly givenDoses: Dose[];
  /** The first (pre-dose) value of each measure: the reference of "baseline" thresholds. */
  readonly firstValue: Partial<Record<VitalMeasure, number>>;
  readonly lastReading: Partial<Record<ReadingKind, Reading>>;
  /** Factor on the drug-induced rise of each measure (1 until an intervention lowers it). */
  readonly dampening: Record<VitalMeasure, number>;
  readonly interventions: Intervention[];
  /** Set by the first withhold rule that fires before the offer. */
  withheldBy: WithheldEvent | undefined;
  initialGiven: boolean;
  supplementalDecided: boolean;
  monitoringEndH: number;
}

/**
 * The participant's true PK and vital signs during the session, moved forward in time by the
 * ODE solver. Doses are added at the current time.
 */
export class SessionDynamics {
  private readonly pk: PkSystem;
  private readonly y: Float64Array;
  private readonly rhs: (t: number, y: Float64Array, out: Float64Array) => void;
  private readonly solver = new DormandPrince(PKPD_STATE.size);
  private readonly participant: Participant;
  private timeH = 0;

  constructor(participant: Participant, initialEnzyme: number) {
    this.participant = participant;
    this.pk = new PkSystem(participant.pk);
    this.y = new Float64Array(PKPD_STATE.size);
    this.y[PK_STATE.enzyme] = initialEnzyme;
    this.rhs = makePkPdRhs(this.pk, participant.vitals);
  }

  /** Move to `timeH` (no-op if already there or past it). */
  advanceTo(timeH: number): void {
    if (timeH > this.timeH) {
      this.solver.advance(this.rhs, this.timeH, this.y, timeH, SESSION_ODE);
      this.timeH = timeH;
    }
  }

  /** A dose taken now. */
  addDose(mg: number): void {
    this.pk.addDose(this.timeH, mg);
    this.solver.reset();
  }

  /** True vital signs now, with interventions' dampening. */
  truth(dampening: Readonly<Record<VitalMeasure, number>>): VitalValues {
    return vitalsFromState(this.participant.vitals, this.y, dampening);
  }
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

/** The scheduled readings of the rules, in order. */
export function scheduledReadings(rules: SessionRules): PendingReading[] {
  const queue: PendingReading[] = [];
  for (const h of rules.vitals.bloodPressureAndHeartRateH) enqueueReading(queue, { timeH: h, kind: "blood-pressure", cause: "scheduled" });
  for (const h of rules.vitals.temperatureH) enqueueReading(queue, { timeH: h, kind: "temperature", cause: "scheduled" });
  return queue;
}

/** A fresh state: the pre-session checks done, the initial dose recorded, nothing read yet. */
export function newSessionState(ctx: SessionContext, dynamics: SessionDynamics | undefined, noiseRng: Rng | undefined): SessionState {
  const { plan, rules } = ctx;
  const givenDoses: Dose[] = plan.initialMg > 0 ? [{ timeH: 0, mg: plan.initialMg }] : [];
  return {
    ctx,
    dynamics,
    noiseRng,
    queue: dynamics ? scheduledReadings(rules) : [],
    readings: [],
    events: [{ timeH: 0, type: "pre-session-checks", checks: rules.preSessionChecks }],
    doses: [{ timeH: 0, mg: plan.initialMg, kind: "initial", given: true }],
    givenDoses,
    firstValue: {},
    lastReading: {},
    dampening: { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 },
    interventions: [],
    withheldBy: undefined,
    initialGiven: false,
    supplementalDecided: plan.supplemental === undefined,
    monitoringEndH: 0,
  };
}
