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
 * A reusable integrator for systems of dimension `n`. Work arrays are allocated once; `advance`
 * moves the state in place from `t` to `tEnd`. Not re-entrant: one instance per thread of work.
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
  /** Step size carried over between calls (reset by `reset`). */
  private h = 0;
  private fsalValid = false;
  /** Steps taken since the last reset (accepted and rejected), for diagnostics and benchmarks. */
  steps = 0;
  rhsEvaluations = 0;

  constructor(n: number) {
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
  }

  /** Forget the step size and derivative cache (call after changing y discontinuously, e.g. a dose). */
  reset(): void {
    this.h = 0;
    this.fsalValid = false;
  }

  /** Integrate y (in place) from t to tEnd. Returns tEnd. */
  advance(f: Rhs, t: number, y: Float64Array, tEnd: number, opt: OdeOptions = DEFAULT_ODE_OPTIONS): number {
    const n = this.n;
    const { k1, k2, k3, k4, k5, k6, k7, yt, ynew } = this;
    if (tEnd <= t) return t;
    if (!this.fsalValid) {
      f(t, y, k1);
      this.rhsEvaluations++;
      this.fsalValid = true;
    }
    let h = this.h;
    if (h <= 0) h = this.initialStep(f, t, y, opt);
    let stepsHere = 0;
    while (t < tEnd) {
      if (++stepsHere > opt.maxSteps) throw new Error(`ODE solver: more than ${opt.maxSteps} steps between t=${t} and t=${tEnd}`);
      let last = false;
      if (h > opt.maxStepH) h = opt.maxStepH;
      if (t + 1.01 * h >= tEnd) {
        h = tEnd - t;
        last = true;
      }
      for (let i = 0; i < n; i++) yt[i] = y[i]! + h * A21 * k1[i]!;
      f(t + C2 * h, yt, k2);
      for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
      f(t + C3 * h, yt, k3);
      for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
      f(t + C4 * h, yt, k4);
      for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
      f(t + C5 * h, yt, k5);
      for (let i = 0; i < n; i++) yt[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
      const tNew = last ? tEnd : t + h;
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
      if (err > 1) {
        // Rejected: shrink and retry from the same point.
        h *= Math.max(0.2, 0.9 * Math.pow(err, -0.2));
        continue;
      }
      t = tNew;
      y.set(ynew);
      k1.set(k7); // first same as last
      const grow = err === 0 ? 5 : Math.min(5, 0.9 * Math.pow(err, -0.2));
      // A final step shortened to land on tEnd says nothing about the natural step size: keep the old one.
      if (!last) this.h = h = h * grow;
      else if (this.h <= 0) this.h = h * grow;
    }
    return tEnd;
  }

  private initialStep(f: Rhs, t: number, y: Float64Array, opt: OdeOptions): number {
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
