/**
 * The participant's true PK and vital signs over one drug session, solved once.
 *
 * The session's ODE runs in phases that meet at the supplemental decision D (the offer time,
 * or 0 without a supplemental dose):
 *   A. [0, D]: PK and vital signs together (readings before the decision come from here);
 *   B. [D, horizon]: PK alone, from A's state at D with the supplemental dose if taken: the
 *      exposure (AUC and enzyme at the horizon);
 *   C. [D, end of monitoring], full detail only: PK and vital signs from the same state, for
 *      the readings after the decision and the fine grid.
 * A and B are the same computation at both levels of detail, so doses, decisions and exposures
 * are identical, bit for bit, in efficacy and full detail. Readings are read from the solver's
 * continuous extension, so the steps do not depend on when readings happen.
 *
 * While no drug has been taken the solution is closed-form (no concentration, vital signs at
 * baseline, the enzyme recovering by resynthesis), so an inactive placebo needs no ODE at all.
 */
import type { VitalMeasure } from "../protocol/schema.js";
import { DormandPrince, denseMaximum, type OdeOptions } from "../math/ode.js";
import { PkSystem, PK_STATE, recoverEnzyme } from "../pk/model.js";
import { solvePkExposure, type PeakTracker } from "../pk/exposure.js";
import { makePkPdRhs, PKPD_STATE, vitalsFromState, type VitalValues } from "../vitals/model.js";
import type { Participant } from "../participants/participant.js";

const RTOL = 1e-5;
/**
 * Absolute tolerance of each component of the PK-PD state, in units of RTOL: central amount
 * 1e-3 mg, enzyme 1e-5, AUC 0.01 ng·h/mL; then for each group of vital signs the effect-site
 * concentration 0.01 ng/mL and the tolerance state 1e-4 (a reading needs its true value to
 * a few hundredths of a mmHg, far below its measurement error).
 */
const SCALES = [100, 1, 1000, 1e3, 10, 1e3, 10, 1e3, 10];

/**
 * Tolerances of the session's ODEs: relative 1e-5 and the absolute ones above, so the first
 * minutes after a dose, when amounts are tiny, do not force tiny steps. Checked against the
 * SciPy reference and a tight solve in test/session/trajectory.test.ts.
 */
export const SESSION_ODE: OdeOptions = { rtol: RTOL, atol: Float64Array.from(SCALES, (s) => RTOL * s), maxStepH: 4, maxSteps: 10_000 };
export const SESSION_PK_ODE: OdeOptions = { ...SESSION_ODE, atol: Float64Array.from(SCALES.slice(0, PK_STATE.size), (s) => RTOL * s) };
/** First step of a solve (h): the absorption chain delays the input, so the solver starts at a quarter of an hour and adapts. */
export const FIRST_STEP_H = 0.25;

/** Accepted steps of a solve kept for later evaluation: start, length, then the 5 × n continuous-extension coefficients. */
class StoredSteps {
  private buffer: Float64Array;
  private count = 0;
  private cursor = 0;
  private readonly stride: number;

  constructor(private readonly n: number) {
    this.stride = 2 + 5 * n;
    this.buffer = new Float64Array(32 * this.stride);
  }

  clear(): void {
    this.count = 0;
    this.cursor = 0;
  }

  keep(solver: DormandPrince): void {
    if ((this.count + 1) * this.stride > this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    solver.copyDense(this.buffer, this.count * this.stride);
    this.count++;
  }

  /** The solution at t (inside the kept steps) into out[0..n). */
  at(t: number, out: Float64Array): void {
    const b = this.buffer;
    const s = this.stride;
    let k = Math.min(this.cursor, this.count - 1);
    while (k > 0 && t < b[k * s]!) k--;
    while (k < this.count - 1 && t > b[k * s]! + b[k * s + 1]!) k++;
    this.cursor = k;
    const o = k * s;
    const theta = (t - b[o]!) / b[o + 1]!;
    const theta1 = 1 - theta;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const r = o + 2 + i;
      out[i] = b[r]! + theta * (b[r + n]! + theta1 * (b[r + 2 * n]! + theta * (b[r + 3 * n]! + theta1 * b[r + 4 * n]!)));
    }
  }

  /** The largest value of component i over the kept steps, at the steps' ends or inside a step (see denseMaximum), into `best`. */
  maximum(i: number, best: { value: number; timeH: number }): void {
    const b = this.buffer;
    const n = this.n;
    for (let k = 0; k < this.count; k++) {
      const o = k * this.stride;
      const start = b[o]!;
      const length = b[o + 1]!;
      const r1 = b[o + 2 + i]!;
      const r2 = b[o + 2 + n + i]!;
      if (r1 + r2 > best.value) {
        best.value = r1 + r2;
        best.timeH = start + length;
      }
      const top = denseMaximum(r1, r2, b[o + 2 + 2 * n + i]!, b[o + 2 + 3 * n + i]!, b[o + 2 + 4 * n + i]!);
      if (top && top.value > best.value) {
        best.value = top.value;
        best.timeH = start + top.theta * length;
      }
    }
  }
}

/** One solve of a phase: the solver, its state and clock, and (full detail) the steps it took. */
class Phase {
  readonly y: Float64Array;
  timeH: number;

  constructor(
    private readonly solver: DormandPrince,
    private readonly rhs: (t: number, y: Float64Array, out: Float64Array) => void,
    y0: Float64Array,
    startH: number,
    private readonly endH: number,
    private readonly ode: OdeOptions,
    readonly stored: StoredSteps | undefined,
    denseOutput: boolean,
  ) {
    solver.reset(FIRST_STEP_H);
    // The continuous extension is a by-product: the steps and the solution are the same without it.
    solver.keepDenseOutput = denseOutput;
    stored?.clear();
    this.y = y0;
    this.timeH = startH;
  }

  /** Integrate until the solution covers `t` (at most to the phase's end). */
  reach(t: number): void {
    while (this.timeH < t) {
      this.timeH = this.solver.step(this.rhs, this.timeH, this.y, this.endH, this.ode);
      this.stored?.keep(this.solver);
    }
  }

  /** The state at t ≤ timeH: from the kept steps, or from the last step (t in it, or t = its end). */
  stateAt(t: number, out: Float64Array): void {
    if (t === this.timeH) out.set(this.y);
    else if (this.stored) this.stored.at(t, out);
    else this.solver.denseAt(t, out);
  }
}

/**
 * Work arrays reused from one session to the next. simulateSession is synchronous and a
 * trajectory never outlives it, so one set per thread is enough.
 */
class Workspace {
  readonly before = new DormandPrince(PKPD_STATE.size, { denseOutput: true });
  readonly after = new DormandPrince(PKPD_STATE.size, { denseOutput: true });
  readonly storedBefore = new StoredSteps(PKPD_STATE.size);
  readonly storedAfter = new StoredSteps(PKPD_STATE.size);
  readonly yBefore = new Float64Array(PKPD_STATE.size);
  readonly yExposure = new Float64Array(PK_STATE.size);
  readonly yAfter = new Float64Array(PKPD_STATE.size);
  readonly scratch = new Float64Array(PKPD_STATE.size);
  /** The trajectory using the arrays now. */
  owner: SessionTrajectory | undefined;
}
let workspace: Workspace | undefined;

export interface Exposure {
  readonly aucNgHPerMl: number;
  /** Active CYP2D6 fraction at the horizon. */
  readonly enzymeAtHorizon: number;
}

export interface TrajectoryOptions {
  readonly initialEnzyme: number;
  readonly initialMg: number;
  /** The supplemental decision (the offer time; 0 without a supplemental dose). */
  readonly decisionH: number;
  readonly horizonH: number;
  /** Latest time a reading or grid point may be asked for (full detail). */
  readonly monitoringLimitH: number;
  /** Full detail: keep the steps for readings after the decision, the fine grid and the peak. */
  readonly full: boolean;
}

export class SessionTrajectory {
  /** The doses taken (created with the first one: a session without drug needs none). */
  private pkSystem: PkSystem | undefined;
  private readonly work: Workspace;
  private drugTaken: boolean;
  private readonly beforeDecision: Phase | undefined;
  private exposurePeak: PeakTracker | undefined;
  private afterDecision: Phase | undefined;

  constructor(
    private readonly participant: Participant,
    private readonly options: TrajectoryOptions,
  ) {
    const { decisionH, horizonH, initialMg, full } = options;
    if (!(decisionH < horizonH)) throw new Error(`the supplemental decision (${decisionH} h) must come before the exposure horizon (${horizonH} h)`);
    this.work = workspace ??= new Workspace();
    this.work.owner = this;
    this.drugTaken = initialMg > 0;
    if (this.drugTaken) {
      this.pk.addDose(0, initialMg);
      if (decisionH > 0) {
        const y0 = this.drugFreeState(0, this.work.yBefore);
        this.beforeDecision = new Phase(this.work.before, makePkPdRhs(this.pk, participant.vitals), y0, 0, decisionH, SESSION_ODE, full ? this.work.storedBefore : undefined, true);
      }
    }
  }

  /** True vital signs at t (before the decision, or any time up to the monitoring limit once it is made, in full detail). */
  vitalsAt(t: number, dampening: Readonly<Record<VitalMeasure, number>>): VitalValues {
    this.stateAt(t, this.work.scratch);
    return vitalsFromState(this.participant.vitals, this.work.scratch, dampening);
  }

  /** The PK-PD state at t into `out` (see vitalsAt). */
  stateAt(t: number, out: Float64Array): void {
    this.checkOwner();
    const phase = t <= this.options.decisionH ? this.beforeDecision : this.afterDecision;
    if (!phase) {
      this.drugFreeState(t, out);
      return;
    }
    phase.reach(t);
    phase.stateAt(t, out);
  }

  /** No drug was taken in the session (after `decide`): no concentration, vital signs at baseline throughout. */
  get drugFree(): boolean {
    return !this.drugTaken;
  }

  /** Concentration (ng/mL) in a state vector. */
  concentration(state: Float64Array): number {
    return (1000 * state[PK_STATE.central]!) / this.participant.pk.volumeL;
  }

  /**
   * The decision: the supplemental dose (mg; 0 when not taken) is given at the decision time.
   * Solves the exposure to the horizon and returns the AUC and the enzyme there.
   */
  decide(supplementalMg: number): Exposure {
    this.checkOwner();
    const d = this.options.decisionH;
    const atDecision = this.work.yAfter;
    if (this.beforeDecision) {
      this.beforeDecision.reach(d);
      atDecision.set(this.beforeDecision.y);
    } else this.drugFreeState(d, atDecision);
    if (supplementalMg > 0) {
      this.pk.addDose(d, supplementalMg);
      this.drugTaken = true;
    }
    if (!this.drugTaken) return { aucNgHPerMl: 0, enzymeAtHorizon: recoverEnzyme(this.options.initialEnzyme, this.options.horizonH, this.participant.pk.kdegPerH) };
    const full = this.options.full;
    const yExposure = this.work.yExposure;
    for (let i = 0; i < PK_STATE.size; i++) yExposure[i] = atDecision[i]!;
    this.exposurePeak = full ? { amountMg: 0, timeH: 0 } : undefined;
    solvePkExposure(this.pk, yExposure, d, this.options.horizonH, SESSION_PK_ODE, FIRST_STEP_H, this.exposurePeak);
    if (full) this.afterDecision = new Phase(this.work.after, makePkPdRhs(this.pk, this.participant.vitals), atDecision, d, this.options.monitoringLimitH, SESSION_ODE, this.work.storedAfter, true);
    return { aucNgHPerMl: yExposure[PK_STATE.auc]!, enzymeAtHorizon: yExposure[PK_STATE.enzyme]! };
  }

  /** Peak concentration (ng/mL) and its time over the exposure solve (full detail, after `decide`). */
  peakConcentration(): { cmaxNgPerMl: number; tmaxH: number } {
    const best = { value: 0, timeH: 0 };
    this.beforeDecision?.stored?.maximum(PK_STATE.central, best);
    if (this.exposurePeak && this.exposurePeak.amountMg > best.value) {
      best.value = this.exposurePeak.amountMg;
      best.timeH = this.exposurePeak.timeH;
    }
    return { cmaxNgPerMl: (1000 * best.value) / this.participant.pk.volumeL, tmaxH: best.timeH };
  }

  private checkOwner(): void {
    if (this.work.owner !== this) throw new Error("a session trajectory was used after another one started: sessions run one at a time");
  }

  private get pk(): PkSystem {
    return (this.pkSystem ??= new PkSystem(this.participant.pk));
  }

  /** The state while no drug has been taken (no drug anywhere, the enzyme recovering), into `out`. */
  private drugFreeState(t: number, out: Float64Array): Float64Array {
    out.fill(0);
    out[PK_STATE.enzyme] = t > 0 ? recoverEnzyme(this.options.initialEnzyme, t, this.participant.pk.kdegPerH) : this.options.initialEnzyme;
    return out;
  }
}
