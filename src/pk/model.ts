/**
 * MDMA pharmacokinetics: oral absorption through a chain of transit compartments into a gut
 * compartment, first-order absorption into one central compartment, and a clearance with a
 * CYP2D6 part that MDMA itself inactivates (mechanism-based inhibition) and a part it does not.
 * The enzyme recovers by resynthesis. This is what makes exposure rise more than the dose
 * (AUC 2.25-fold for a 1.67-fold dose) and a dose taken 24 h after another one give more
 * exposure (AUC +77%): clearance falls as exposure rises.
 *
 *   dT1/dt = -ktr·T1                        (doses enter T1; ktr = (n + 1) / MTT)
 *   dTk/dt = ktr·(T(k-1) - Tk)               k = 2..n
 *   dAg/dt = ktr·Tn - ka·Ag
 *   dAc/dt = ka·Ag - (CLo + CLd·a·E)/V·Ac
 *   dE/dt  = kdeg·(1 - E) - kinact·C/(KI + C)·E        C = Ac/V (mg/L)
 *   dAUC/dt = 1000·C                                    (ng·h/mL)
 *
 * The absorption chain is linear with constant rates, so Ag(t) is computed in closed form (an
 * Erlang delay followed by first-order absorption) and only (Ac, E, AUC) are integrated
 * numerically. That also frees the explicit solver from the chain's fast eigenvalue, which
 * otherwise limits its step long after the chain has emptied.
 *
 * A reference implementation that integrates every compartment (SciPy) is in
 * scripts/reference/pk_model.py; the tests compare the two.
 */
import { DormandPrince, DEFAULT_ODE_OPTIONS, type OdeOptions } from "../math/ode.js";

/** One participant's PK parameters (after between-subject variability and phenotype). */
export interface PkIndividual {
  readonly kaPerH: number;
  readonly meanTransitTimeH: number;
  readonly transitCompartments: number;
  readonly volumeL: number;
  readonly clOtherLPerH: number;
  /** CYP2D6 clearance with the enzyme fully active, already multiplied by the phenotype's activity. */
  readonly clCyp2d6LPerH: number;
  readonly kinactPerH: number;
  readonly kiMgPerL: number;
  readonly kdegPerH: number;
}

export interface Dose {
  /** Hours after the session's start (the initial dose is at 0). */
  readonly timeH: number;
  readonly mg: number;
}

/** Index layout of the PK state vector: central amount (mg), active enzyme fraction, AUC. */
export const PK_STATE = { central: 0, enzyme: 1, auc: 2, size: 3 } as const;

/**
 * Gut amount per mg dosed, as a function of the time since the dose, for `n` transit
 * compartments with rate ktr and absorption rate ka:
 *   Ag(τ)/D = ktr^n·e^{−ka·τ}·∫₀^τ s^{n−1}/(n−1)!·e^{−δ·s} ds,   δ = ktr − ka,
 * which is e^{−ka·τ}·(ktr/δ)^n·(1 − e^{−δτ}·Σ_{j<n}(δτ)^j/j!) in closed form. Where |δτ| < 1
 * that difference cancels, and the integral is summed as its power series instead:
 *   Σ_k (−δ)^k τ^{n+k} / (k!·(n+k)·(n−1)!).
 * The constants are computed once per participant; the returned function is the simulator's hot path.
 */
export function gutAmountPerMg(n: number, ktr: number, ka: number): (tauH: number) => number {
  const delta = ktr - ka;
  const scale = n > 0 ? Math.pow(ktr / delta, n) : 1;
  const ktrPowN = Math.pow(ktr, n);
  let invFactNm1 = 1; // 1/(n−1)!
  for (let j = 2; j < n; j++) invFactNm1 /= j;
  return (tau: number): number => {
    if (n === 0) return Math.exp(-ka * tau);
    const x = delta * tau;
    if (Math.abs(x) < 1) {
      // Converges in under 20 terms for |x| < 1.
      let tauN = tau;
      for (let j = 1; j < n; j++) tauN *= tau;
      let term = 1;
      let sum = 1 / n;
      for (let k = 1; k < 30; k++) {
        term *= -x / k;
        const add = term / (n + k);
        sum += add;
        if (add < 1e-17 * sum && add > -1e-17 * sum) break;
      }
      return ktrPowN * Math.exp(-ka * tau) * tauN * invFactNm1 * sum;
    }
    let partial = 1;
    let power = 1;
    for (let j = 1; j < n; j++) {
      power *= x / j;
      partial += power;
    }
    return scale * (Math.exp(-ka * tau) - Math.exp(-ktr * tau) * partial);
  };
}

/** Amount (mg) in the gut compartment `tau` hours after a dose of `mg` (0 before the dose): see gutAmountPerMg. */
export function gutAmount(mg: number, tau: number, n: number, ktr: number, ka: number): number {
  return tau > 0 ? mg * gutAmountPerMg(n, ktr, ka)(tau) : 0;
}

/**
 * The PK system of one participant in one session: the doses given so far and the right-hand
 * side of (Ac, E, AUC). Add a dose with `addDose`, then reset the solver (the input changes).
 */
export class PkSystem {
  readonly ind: PkIndividual;
  /** Offset of the PK block in a larger state vector. */
  readonly offset: number;
  private readonly doseTimes: number[] = [];
  private readonly doseMg: number[] = [];
  private count = 0;
  /** Absorption rate into the central compartment (mg/h) at time t. */
  readonly inputRate: (t: number) => number;
  /** Writes d(Ac, E, AUC)/dt into out[offset..offset+2]. */
  readonly rhs: (t: number, y: Float64Array, out: Float64Array) => void;

  constructor(ind: PkIndividual, offset = 0) {
    this.ind = ind;
    this.offset = offset;
    const n = Math.round(ind.transitCompartments);
    const ktr = n > 0 ? (n + 1) / ind.meanTransitTimeH : 0;
    const ka = ind.kaPerH;
    const times = this.doseTimes;
    const mgs = this.doseMg;
    const gutPerMg = gutAmountPerMg(n, ktr, ka);
    this.inputRate = (t: number): number => {
      let ag = 0;
      for (let i = 0; i < this.count; i++) {
        const tau = t - times[i]!;
        if (tau > 0) ag += mgs[i]! * gutPerMg(tau);
      }
      return ka * ag;
    };
    const invV = 1 / ind.volumeL;
    const clo = ind.clOtherLPerH;
    const cld = ind.clCyp2d6LPerH;
    const kdeg = ind.kdegPerH;
    const kin = ind.kinactPerH;
    const ki = ind.kiMgPerL;
    const input = this.inputRate;
    this.rhs = (t: number, y: Float64Array, out: Float64Array): void => {
      const ac = y[offset]!;
      const e = y[offset + 1]!;
      const c = ac * invV;
      out[offset] = input(t) - (clo + cld * e) * invV * ac;
      out[offset + 1] = kdeg * (1 - e) - (kin * c * e) / (ki + c);
      out[offset + 2] = 1000 * c;
    };
  }

  addDose(timeH: number, mg: number): void {
    if (mg <= 0) return;
    this.doseTimes.push(timeH);
    this.doseMg.push(mg);
    this.count++;
  }

  get doses(): Dose[] {
    return Array.from({ length: this.count }, (_, i) => ({ timeH: this.doseTimes[i]!, mg: this.doseMg[i]! }));
  }

  /** Concentration (ng/mL) from a state vector. */
  concentration(y: Float64Array): number {
    return (1000 * y[this.offset]!) / this.ind.volumeL;
  }
}

export interface PkTrace {
  readonly timesH: Float64Array;
  readonly concentrationNgPerMl: Float64Array;
  /** Active fraction of CYP2D6 (1 = uninhibited). */
  readonly enzymeActivity: Float64Array;
  /** Cumulative AUC from time 0 (ng·h/mL = µg·h/L). */
  readonly aucNgHPerMl: Float64Array;
}

export interface PkRunOptions {
  /** Active CYP2D6 fraction at time 0 (below 1 when a recent dose left it inhibited). */
  readonly initialEnzyme?: number;
  readonly ode?: OdeOptions;
}

/**
 * Drive a system through sorted output times, giving each dose when its time comes. A dose at
 * the same time as an output is given after it (the output is the pre-dose value). Calls
 * `record(i, y)` at each output.
 */
export function runWithDoses(
  solver: DormandPrince,
  rhs: (t: number, y: Float64Array, out: Float64Array) => void,
  pk: PkSystem,
  y: Float64Array,
  doses: readonly Dose[],
  timesH: ArrayLike<number>,
  ode: OdeOptions,
  record: (i: number, y: Float64Array) => void,
): void {
  const sorted = [...doses].sort((a, b) => a.timeH - b.timeH);
  let t = 0;
  let d = 0;
  for (let i = 0; i < timesH.length; i++) {
    const target = timesH[i]!;
    while (d < sorted.length && sorted[d]!.timeH < target) {
      const dose = sorted[d++]!;
      if (dose.timeH > t) {
        solver.advance(rhs, t, y, dose.timeH, ode);
        t = dose.timeH;
      }
      pk.addDose(dose.timeH, dose.mg);
      solver.reset();
    }
    if (target > t) {
      solver.advance(rhs, t, y, target, ode);
      t = target;
    }
    record(i, y);
  }
}

/** Plasma concentration, enzyme activity and cumulative AUC at each time in `timesH` (sorted, ≥ 0). */
export function simulatePk(ind: PkIndividual, doses: readonly Dose[], timesH: ArrayLike<number>, options: PkRunOptions = {}): PkTrace {
  const pk = new PkSystem(ind);
  const y = new Float64Array(PK_STATE.size);
  y[PK_STATE.enzyme] = options.initialEnzyme ?? 1;
  const solver = new DormandPrince(PK_STATE.size);
  const m = timesH.length;
  const trace = {
    timesH: Float64Array.from(timesH),
    concentrationNgPerMl: new Float64Array(m),
    enzymeActivity: new Float64Array(m),
    aucNgHPerMl: new Float64Array(m),
  };
  runWithDoses(solver, pk.rhs, pk, y, doses, timesH, options.ode ?? DEFAULT_ODE_OPTIONS, (i, s) => {
    trace.concentrationNgPerMl[i] = pk.concentration(s);
    trace.enzymeActivity[i] = s[PK_STATE.enzyme]!;
    trace.aucNgHPerMl[i] = s[PK_STATE.auc]!;
  });
  return trace;
}

export interface ExposureSummary {
  readonly cmaxNgPerMl: number;
  readonly tmaxH: number;
  /** AUC from 0 to the horizon (ng·h/mL). */
  readonly aucNgHPerMl: number;
  /** Active CYP2D6 fraction at the horizon. */
  readonly enzymeAtEnd: number;
  /** Terminal half-life from the log-linear slope between `halfLifeFromH` and the horizon (h). */
  readonly terminalHalfLifeH: number;
}

/**
 * Cmax, Tmax, AUC and terminal half-life over [0, horizonH]. The peak is bracketed on a grid of
 * `gridH` by the sign of dC/dt and refined with a cubic Hermite interpolant through the exact
 * concentrations and slopes at the bracket's ends, so Tmax is accurate far below the grid.
 */
export function exposureSummary(
  ind: PkIndividual,
  doses: readonly Dose[],
  horizonH = 24,
  options: PkRunOptions & { gridH?: number; halfLifeFromH?: number } = {},
): ExposureSummary {
  const gridH = options.gridH ?? 0.25;
  const steps = Math.ceil(horizonH / gridH - 1e-9);
  const times = Array.from({ length: steps + 1 }, (_, s) => Math.min(s * gridH, horizonH));
  const pk = new PkSystem(ind);
  const y = new Float64Array(PK_STATE.size);
  const dy = new Float64Array(PK_STATE.size);
  y[PK_STATE.enzyme] = options.initialEnzyme ?? 1;
  const solver = new DormandPrince(PK_STATE.size);
  const toNg = 1000 / ind.volumeL;
  const halfFrom = options.halfLifeFromH ?? horizonH / 2;
  const doseTimes = new Set(doses.map((d) => d.timeH));
  let prev: { t: number; c: number; dc: number } | undefined;
  let cmax = 0;
  let tmax = 0;
  let cAtHalf = Number.NaN;
  let tAtHalf = Number.NaN;
  let auc = 0;
  let enzyme = 1;
  let cEnd = 0;
  runWithDoses(solver, pk.rhs, pk, y, doses, times, options.ode ?? DEFAULT_ODE_OPTIONS, (i, s) => {
    const t = times[i]!;
    pk.rhs(t, s, dy);
    const c = s[PK_STATE.central]! * toNg;
    const dc = dy[PK_STATE.central]! * toNg;
    if (c > cmax) {
      cmax = c;
      tmax = t;
    }
    if (prev && prev.dc > 0 && dc <= 0) {
      const peak = hermitePeak(prev.t, prev.c, prev.dc, t, c, dc);
      if (peak.value > cmax) {
        cmax = peak.value;
        tmax = peak.time;
      }
    }
    if (Number.isNaN(cAtHalf) && t >= halfFrom) {
      cAtHalf = c;
      tAtHalf = t;
    }
    // A dose at this grid time starts a new rise: the slope recorded here is the pre-dose one.
    prev = doseTimes.has(t) ? undefined : { t, c, dc };
    auc = s[PK_STATE.auc]!;
    enzyme = s[PK_STATE.enzyme]!;
    cEnd = c;
  });
  const slope = (Math.log(cEnd) - Math.log(cAtHalf)) / (horizonH - tAtHalf);
  return { cmaxNgPerMl: cmax, tmaxH: tmax, aucNgHPerMl: auc, enzymeAtEnd: enzyme, terminalHalfLifeH: Math.LN2 / -slope };
}

/** Maximum of the cubic Hermite interpolant on [t0, t1], where its slope changes sign (bisection). */
function hermitePeak(t0: number, c0: number, d0: number, t1: number, c1: number, d1: number): { time: number; value: number } {
  const h = t1 - t0;
  const value = (s: number) => {
    const s2 = s * s;
    const s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * c0 + (s3 - 2 * s2 + s) * h * d0 + (-2 * s3 + 3 * s2) * c1 + (s3 - s2) * h * d1;
  };
  const deriv = (s: number) => {
    const s2 = s * s;
    return (6 * s2 - 6 * s) * c0 + (3 * s2 - 4 * s + 1) * h * d0 + (-6 * s2 + 6 * s) * c1 + (3 * s2 - 2 * s) * h * d1;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (deriv(mid) > 0) lo = mid;
    else hi = mid;
  }
  const s = 0.5 * (lo + hi);
  return { time: t0 + s * h, value: value(s) };
}

/** Active CYP2D6 fraction after `hours` without drug, starting from `enzyme` (recovery by resynthesis). */
export function recoverEnzyme(enzyme: number, hours: number, kdegPerH: number): number {
  return 1 - (1 - enzyme) * Math.exp(-kdegPerH * hours);
}
