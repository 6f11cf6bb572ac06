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
 * Oral absorption: the gut amount per mg dosed as a function of the time since the dose, for
 * `n` transit compartments with rate ktr and absorption rate ka:
 *   Ag(τ)/D = ktr^n·e^{−ka·τ}·∫₀^τ s^{n−1}/(n−1)!·e^{−δ·s} ds,   δ = ktr − ka,
 * which is e^{−ka·τ}·(ktr/δ)^n·(1 − e^{−δτ}·Σ_{j<n}(δτ)^j/j!) in closed form, that is
 * (ktr/δ)^n·(e^{−ka·τ} − e^{−ktr·τ}·Σ_{j<n}(δτ)^j/j!). For small x = δτ that difference
 * (about xⁿ/n!) cancels: below the x where xⁿ/n! = 2.2e-4 (so that it loses at most 1e-12
 * relative), and never beyond |x| = 1, the integral is summed as its power series instead,
 *   τ^n/(n−1)!·Σ_k c_k·τ^k,   c_k = (−δ)^k / (k!·(n+k)),
 * by Horner's rule, with as many terms as bring the last below 1e-17 of the first. The
 * constants are computed once per participant.
 */
export class GutAbsorption {
  readonly ktr: number;
  private readonly delta: number;
  private readonly scale: number;
  private readonly front: number;
  /** |δτ| below which the series is summed. */
  private readonly seriesBelow: number;
  private readonly coefficients: readonly number[];
  /** 1/j! for j < n. */
  private readonly inverseFactorials: readonly number[];

  constructor(
    readonly n: number,
    ktr: number,
    readonly ka: number,
  ) {
    this.ktr = ktr;
    this.delta = ktr - ka;
    this.scale = n > 0 ? Math.pow(ktr / this.delta, n) : 1;
    let invFactNm1 = 1; // 1/(n−1)!
    for (let j = 2; j < n; j++) invFactNm1 /= j;
    this.front = Math.pow(ktr, n) * invFactNm1;
    this.seriesBelow = n > 0 ? Math.min(1, Math.pow((2.2e-4 / invFactNm1) * n, 1 / n)) : 0;
    const coefficients: number[] = [];
    // Term k of the series is at most seriesBelow^k/k! of the first.
    for (let k = 0, power = 1, ratio = 1; ratio >= 1e-17; k++) {
      coefficients.push(power / (n + k));
      power *= -this.delta / (k + 1);
      ratio *= this.seriesBelow / (k + 1);
    }
    this.coefficients = coefficients;
    const inverseFactorials = [1];
    for (let j = 1; j < n; j++) inverseFactorials.push(inverseFactorials[j - 1]! / j);
    this.inverseFactorials = inverseFactorials;
  }

  /** The absorption of a participant's PK parameters (ktr = (n + 1) / mean transit time). */
  static of(ind: PkIndividual): GutAbsorption {
    const n = Math.round(ind.transitCompartments);
    return new GutAbsorption(n, n > 0 ? (n + 1) / ind.meanTransitTimeH : 0, ind.kaPerH);
  }

  /** Gut amount per mg dosed, τ > 0 hours after the dose. */
  perMg(tau: number): number {
    return this.perMgGiven(tau, Math.exp(-this.ka * tau), Number.NaN);
  }

  /**
   * The same, given e^{−ka·τ} and, when already known, e^{−ktr·τ} (NaN: computed here if the
   * closed form needs it). The simulator shares these exponentials between doses.
   */
  perMgGiven(tau: number, expKaTau: number, expKtrTau: number): number {
    const n = this.n;
    if (n === 0) return expKaTau;
    const x = this.delta * tau;
    if (x < this.seriesBelow && x > -this.seriesBelow) {
      const c = this.coefficients;
      let sum = c[c.length - 1]!;
      for (let k = c.length - 2; k >= 0; k--) sum = sum * tau + c[k]!;
      let tauN = tau;
      for (let j = 1; j < n; j++) tauN *= tau;
      return this.front * expKaTau * tauN * sum;
    }
    // Σ_{j<n} x^j/j! by Horner's rule.
    const inv = this.inverseFactorials;
    let partial = inv[n - 1]!;
    for (let j = n - 2; j >= 0; j--) partial = partial * x + inv[j]!;
    const expKtr = expKtrTau === expKtrTau ? expKtrTau : Math.exp(-this.ktr * tau);
    return this.scale * (expKaTau - expKtr * partial);
  }
}


/** Amount (mg) in the gut compartment `tau` hours after a dose of `mg` (0 before the dose): see GutAbsorption. */
export function gutAmount(mg: number, tau: number, n: number, ktr: number, ka: number): number {
  return tau > 0 ? mg * new GutAbsorption(n, ktr, ka).perMg(tau) : 0;
}

/** Largest exponent for which e^{k·t} is safe to factor out of e^{−k·(t − tᵢ)}. */
const SAFE_EXPONENT = 600;

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
  /** e^{ka·tᵢ} and e^{ktr·tᵢ} of each dose (NaN where they could overflow), so that one pair of exponentials serves every dose. */
  private readonly doseKa: number[] = [];
  private readonly doseKtr: number[] = [];
  private count = 0;
  private readonly gut: GutAbsorption;
  private lastInputTimeH = Number.NaN;
  private lastInput = 0;
  /** Writes d(Ac, E, AUC)/dt into out[offset..offset+2]. */
  readonly rhs: (t: number, y: Float64Array, out: Float64Array) => void;

  constructor(ind: PkIndividual, offset = 0) {
    this.ind = ind;
    this.offset = offset;
    this.gut = GutAbsorption.of(ind);
    const invV = 1 / ind.volumeL;
    const clo = ind.clOtherLPerH;
    const cld = ind.clCyp2d6LPerH;
    const kdeg = ind.kdegPerH;
    const kin = ind.kinactPerH;
    const ki = ind.kiMgPerL;
    this.rhs = (t: number, y: Float64Array, out: Float64Array): void => {
      const ac = y[offset]!;
      const e = y[offset + 1]!;
      const c = ac * invV;
      out[offset] = this.inputRate(t) - (clo + cld * e) * invV * ac;
      out[offset + 1] = kdeg * (1 - e) - (kin * c * e) / (ki + c);
      out[offset + 2] = 1000 * c;
    };
  }

  /**
   * Absorption rate into the central compartment (mg/h) at time t: ka times the gut amounts
   * of the doses taken. e^{−ka·(t − tᵢ)} is e^{−ka·t}·e^{ka·tᵢ}, so one pair of exponentials
   * serves every dose (each computed directly where the factors could overflow).
   */
  inputRate(t: number): number {
    // Dormand-Prince asks twice for the end of each step (the last stage and the first of the next).
    if (t === this.lastInputTimeH) return this.lastInput;
    const gut = this.gut;
    const count = this.count;
    if (count === 0) return 0;
    const shared = gut.ka * t < SAFE_EXPONENT && gut.ktr * t < SAFE_EXPONENT;
    const expKa = shared ? Math.exp(-gut.ka * t) : 0;
    const expKtr = shared ? Math.exp(-gut.ktr * t) : 0;
    let ag = 0;
    for (let i = 0; i < count; i++) {
      const tau = t - this.doseTimes[i]!;
      if (!(tau > 0)) continue;
      const mg = this.doseMg[i]!;
      const wKa = this.doseKa[i]!;
      ag += shared && wKa === wKa ? gut.perMgGiven(tau, expKa * wKa, expKtr * this.doseKtr[i]!) * mg : mg * gut.perMg(tau);
    }
    this.lastInputTimeH = t;
    return (this.lastInput = gut.ka * ag);
  }

  addDose(timeH: number, mg: number): void {
    if (mg <= 0) return;
    this.doseTimes.push(timeH);
    this.doseMg.push(mg);
    const fits = this.gut.ka * timeH < SAFE_EXPONENT && this.gut.ktr * timeH < SAFE_EXPONENT;
    this.doseKa.push(fits ? Math.exp(this.gut.ka * timeH) : Number.NaN);
    this.doseKtr.push(fits ? Math.exp(this.gut.ktr * timeH) : Number.NaN);
    this.count++;
    this.lastInputTimeH = Number.NaN;
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
