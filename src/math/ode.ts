/**
 * Dormand-Prince 5(4) with adaptive step size (Hairer, Nørsett & Wanner, Solving ODEs I,
 * §II.4-5). The integrator steps exactly onto each requested output time, so outputs carry the
 * full 5th-order accuracy of a step (no interpolation).
 */

/** dy/dt at (t, y), written into `out`. Must not keep references to `y` or `out`. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void;

export interface OdeOptions {
  /** Relative tolerance per component. */
  rtol: number;
  /** Absolute tolerance: one number for every component, or one per component. */
  atol: number | Float64Array;
  /** Largest step allowed (h); keeps the solver from stepping over short inputs. */
  maxStepH: number;
  /** Give up after this many steps in one call (a bug or an impossible tolerance, not physics). */
  maxSteps: number;
}

export const DEFAULT_ODE_OPTIONS: OdeOptions = { rtol: 1e-8, atol: 1e-10, maxStepH: 1, maxSteps: 100_000 };

const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/**
 * Coefficients of the continuous extension (dense output) of order 4: Hairer, Nørsett & Wanner,
 * Solving ODEs I, §II.6, as in their code dopri5 (CONTD5).
 */
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

/** The Dormand-Prince tableau, for solvers specialized to one system (they must step exactly as DormandPrince does). */
export const DOPRI5 = { C2, C3, C4, C5, A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, A71, A73, A74, A75, A76, E1, E3, E4, E5, E6, E7, D1, D3, D4, D5, D6, D7 } as const;

/** Factor on the step size after a rejected step with error `err` (> 1): 0.9·err^(−1/5), at least 0.2. */
export function shrinkFactor(err: number): number {
  return Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(err)));
}

/**
 * Factor on the step size after an accepted step with error `err` (≤ 1): 0.9·err^(−1/5), at
 * most 5 (reached below err = 0.18⁵ ≈ 1.89e-4, where no power is needed). err^(−1/5) is
 * computed as e^(−ln(err)/5), which V8 evaluates faster than Math.pow.
 */
export function growFactor(err: number): number {
  return err < 1.88e-4 ? 5 : Math.min(5, 0.9 * Math.exp(-0.2 * Math.log(err)));
}

/**
 * The largest value of one component's continuous extension over a step,
 *   p(θ) = r1 + θ·r2 + θ(1−θ)·r3 + θ²(1−θ)·r4 + θ²(1−θ)²·r5,   θ ∈ [0, 1],
 * when its slope p′(θ) = r2 + (1−2θ)·r3 + θ(2−3θ)·r4 + 2θ(1−θ)(1−2θ)·r5 goes from positive at
 * the start to not positive at the end (bisection on the slope); undefined otherwise.
 */
export function denseMaximum(r1: number, r2: number, r3: number, r4: number, r5: number): { theta: number; value: number } | undefined {
  const slope = (th: number) => r2 + (1 - 2 * th) * r3 + th * (2 - 3 * th) * r4 + 2 * th * (1 - th) * (1 - 2 * th) * r5;
  if (!(slope(0) > 0 && slope(1) <= 0)) return undefined;
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  const th = 0.5 * (lo + hi);
  return { theta: th, value: r1 + th * (r2 + (1 - th) * (r3 + th * (r4 + (1 - th) * r5))) };
}

export interface DormandPrinceOptions {
  /** Keep the continuous extension of each accepted step, for `denseAt` (costs a few operations per step). */
  readonly denseOutput?: boolean;
}

/**
 * A reusable integrator for systems of dimension `n`. Work arrays are allocated once; `advance`
 * moves the state in place from `t` to `tEnd`, `step` takes one accepted step toward `tEnd`
 * (and, with dense output, `denseAt` gives the solution anywhere inside that step). Not
 * re-entrant: one instance per thread of work.
 */
export class DormandPrince {
  readonly n: number;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly yt: Float64Array;
  private readonly ynew: Float64Array;
  /** Continuous extension of the last accepted step (rcont1..5 in dopri5), when enabled. */
  private readonly dense: readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array] | undefined;
  /** Compute the continuous extension of each accepted step (when constructed with denseOutput); turn off while it is not read. */
  keepDenseOutput: boolean;
  /** Start and length of the last accepted step. */
  private stepStartH = 0;
  private stepLengthH = 0;
  /** Step size carried over between calls (reset by `reset`). */
  private h = 0;
  private fsalValid = false;
  /** Steps taken since construction (accepted and rejected), for diagnostics and benchmarks. */
  steps = 0;
  rhsEvaluations = 0;

  constructor(n: number, options: DormandPrinceOptions = {}) {
    this.n = n;
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.k7 = new Float64Array(n);
    this.yt = new Float64Array(n);
    this.ynew = new Float64Array(n);
    this.dense = options.denseOutput ? [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)] : undefined;
    this.keepDenseOutput = this.dense !== undefined;
  }

  /**
   * Forget the step size and derivative cache (call after changing y discontinuously, e.g. a
   * dose). The next step starts from `initialStepH`, or from Hairer's heuristic when it is 0.
   */
  reset(initialStepH = 0): void {
    this.h = initialStepH;
    this.fsalValid = false;
  }

  /** Integrate y (in place) from t to tEnd. Returns tEnd. */
  advance(f: Rhs, t: number, y: Float64Array, tEnd: number, opt: OdeOptions = DEFAULT_ODE_OPTIONS): number {
    if (tEnd <= t) return t;
    let h = this.start(f, t, y, opt);
    let stepsHere = 0;
    while (t < tEnd) {
      if (++stepsHere > opt.maxSteps) throw new Error(`ODE solver: more than ${opt.maxSteps} steps between t=${t} and t=${tEnd}`);
      let last = false;
      if (h > opt.maxStepH) h = opt.maxStepH;
      if (t + 1.01 * h >= tEnd) {
        h = tEnd - t;
        last = true;
      }
      const tNew = last ? tEnd : t + h;
      const err = this.attempt(f, t, y, h, tNew, opt);
      if (err > 1) {
        // Rejected: shrink and retry from the same point.
        h *= shrinkFactor(err);
        continue;
      }
      this.accept(t, y, h, err, last);
      t = tNew;
      h = this.h;
    }
    return tEnd;
  }

  /**
   * One accepted step from t toward tEnd (landing on tEnd when it is within reach). Moves y in
   * place and returns the new time. With dense output, `denseAt` then covers the step.
   */
  step(f: Rhs, t: number, y: Float64Array, tEnd: number, opt: OdeOptions = DEFAULT_ODE_OPTIONS): number {
    if (tEnd <= t) return t;
    let h = this.start(f, t, y, opt);
    for (let attempts = 1; ; attempts++) {
      if (attempts > opt.maxSteps) throw new Error(`ODE solver: more than ${opt.maxSteps} rejected steps at t=${t}`);
      let last = false;
      if (h > opt.maxStepH) h = opt.maxStepH;
      if (t + 1.01 * h >= tEnd) {
        h = tEnd - t;
        last = true;
      }
      const tNew = last ? tEnd : t + h;
      const err = this.attempt(f, t, y, h, tNew, opt);
      if (err > 1) {
        h *= shrinkFactor(err);
        continue;
      }
      this.accept(t, y, h, err, last);
      return tNew;
    }
  }

  /**
   * The solution at `t` inside the last accepted step, from the continuous extension (order 4),
   * written into out[0..n). Needs `denseOutput`.
   */
  denseAt(t: number, out: Float64Array): void {
    if (!this.keepDenseOutput || !this.dense) throw new Error("ODE solver: no dense output was kept for the last step");
    const dense = this.dense!;
    const theta = (t - this.stepStartH) / this.stepLengthH;
    const theta1 = 1 - theta;
    const [r1, r2, r3, r4, r5] = dense;
    for (let i = 0; i < this.n; i++) out[i] = r1[i]! + theta * (r2[i]! + theta1 * (r3[i]! + theta * (r4[i]! + theta1 * r5[i]!)));
  }

  /** Copy the continuous extension of the last accepted step: [start, length, r1..r5 for each component] into `out` at `offset`. */
  copyDense(out: Float64Array, offset: number): void {
    if (!this.keepDenseOutput || !this.dense) throw new Error("ODE solver: no dense output was kept for the last step");
    const n = this.n;
    out[offset] = this.stepStartH;
    out[offset + 1] = this.stepLengthH;
    const dense = this.dense!;
    for (let k = 0; k < 5; k++) out.set(dense[k]!, offset + 2 + k * n);
  }

  /** The first stage and the step size to start from. */
  private start(f: Rhs, t: number, y: Float64Array, opt: OdeOptions): number {
    if (!this.fsalValid) {
      f(t, y, this.k1);
      this.rhsEvaluations++;
      this.fsalValid = true;
    }
    return this.h > 0 ? this.h : this.initialStep(t, y, opt);
  }

  /** Try a step of size h: the stages, ynew, and the weighted RMS error estimate. */
  private attempt(f: Rhs, t: number, y: Float64Array, h: number, tNew: number, opt: OdeOptions): number {
    const n = this.n;
    const { k1, k2, k3, k4, k5, k6, k7, yt, ynew } = this;
    for (let i = 0; i < n; i++) yt[i] = y[i]! + h * A21 * k1[i]!;
    f(t + C2 * h, yt, k2);
    for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    f(t + C3 * h, yt, k3);
    for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    f(t + C4 * h, yt, k4);
    for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    f(t + C5 * h, yt, k5);
    for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    f(tNew, yt, k6);
    for (let i = 0; i < n; i++) ynew[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
    f(tNew, ynew, k7);
    this.rhsEvaluations += 6;
    this.steps++;
    let err = 0;
    const atol = opt.atol;
    const scalarAtol = typeof atol === "number";
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const sc = (scalarAtol ? atol : atol[i]!) + opt.rtol * Math.max(Math.abs(y[i]!), Math.abs(ynew[i]!));
      const r = e / sc;
      err += r * r;
    }
    err = Math.sqrt(err / n);
    if (Number.isNaN(err)) throw new Error("ODE solver: the derivative is not a number");
    return err;
  }

  /** Take the attempted step: dense output, y ← ynew, first same as last, and the next step size. */
  private accept(t: number, y: Float64Array, h: number, err: number, last: boolean): void {
    const { k1, k7, ynew } = this;
    if (this.keepDenseOutput && this.dense) this.keepDense(t, y, h);
    y.set(ynew);
    k1.set(k7); // first same as last
    const grow = growFactor(err);
    // A final step shortened to land on tEnd says nothing about the natural step size: keep the old one.
    if (!last || this.h <= 0) this.h = h * grow;
  }

  private keepDense(t: number, y: Float64Array, h: number): void {
    const { k1, k3, k4, k5, k6, k7, ynew } = this;
    const [r1, r2, r3, r4, r5] = this.dense!;
    for (let i = 0; i < this.n; i++) {
      const ydiff = ynew[i]! - y[i]!;
      const bspl = h * k1[i]! - ydiff;
      r1[i] = y[i]!;
      r2[i] = ydiff;
      r3[i] = bspl;
      r4[i] = ydiff - h * k7[i]! - bspl;
      r5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
    }
    this.stepStartH = t;
    this.stepLengthH = h;
  }

  private initialStep(t: number, y: Float64Array, opt: OdeOptions): number {
    // Hairer's heuristic (Solving ODEs I, II.4): h0 from the size of y and y'.
    const n = this.n;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < n; i++) {
      const sc = (typeof opt.atol === "number" ? opt.atol : opt.atol[i]!) + opt.rtol * Math.abs(y[i]!);
      d0 += (y[i]! / sc) ** 2;
      d1 += (this.k1[i]! / sc) ** 2;
    }
    d0 = Math.sqrt(d0 / n);
    d1 = Math.sqrt(d1 / n);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    return Math.min(h0, opt.maxStepH);
  }
}
