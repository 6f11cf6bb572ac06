/**
 * The exposure solve of a drug session: Dormand-Prince 5(4) (math/ode.ts) specialized to the
 * three PK states (central amount, enzyme, AUC) with PkSystem's right-hand side written out: the
 * state and the stages in scalar variables, the derivative in a 3-element scratch array. It takes the same steps and performs the same operations
 * in the same order as DormandPrince.step on PkSystem.rhs, so the two agree bit for bit (a test
 * holds them to it); in V8 it runs about twice as fast, and most of a Monte Carlo trial's ODE
 * work is this solve.
 */
import { DOPRI5, denseMaximum, growFactor, shrinkFactor, type OdeOptions } from "../math/ode.js";
import { PK_STATE, type PkSystem } from "./model.js";

const { C2, C3, C4, C5, A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, A71, A73, A74, A75, A76, E1, E3, E4, E5, E6, E7, D1, D3, D4, D5, D6, D7 } = DOPRI5;

/** The derivative written by the solve's right-hand side (one solve runs at a time: the engine is single-threaded per isolate). */
const DERIVATIVE = new Float64Array(3);

/** The peak central amount (mg) and its time, updated as the solve goes. */
export interface PeakTracker {
  amountMg: number;
  timeH: number;
}

/**
 * Integrate the PK state `y` (central amount, enzyme, AUC; in place) from `startH` to `endH`
 * with the doses `pk` holds, starting with a step of `firstStepH`. With `peak`, the largest
 * central amount is followed through the steps' continuous extension. Returns the number of
 * steps tried (accepted and rejected).
 */
export function solvePkExposure(pk: PkSystem, y: Float64Array, startH: number, endH: number, ode: OdeOptions, firstStepH: number, peak?: PeakTracker): number {
  const ind = pk.ind;
  const o = pk.offset;
  const invV = 1 / ind.volumeL;
  const clo = ind.clOtherLPerH;
  const cld = ind.clCyp2d6LPerH;
  const kdeg = ind.kdegPerH;
  const kin = ind.kinactPerH;
  const ki = ind.kiMgPerL;
  const { rtol, maxStepH, maxSteps } = ode;
  const at0 = typeof ode.atol === "number" ? ode.atol : ode.atol[0]!;
  const at1 = typeof ode.atol === "number" ? ode.atol : ode.atol[1]!;
  const at2 = typeof ode.atol === "number" ? ode.atol : ode.atol[2]!;
  // PkSystem.rhs, written out: d(Ac, E, AUC)/dt at (t, ac, e) (AUC does not enter), into the
  // scratch array `d` (a closure's mutable number variables would be boxed by V8: a heap
  // allocation per write, which was most of this solve's garbage).
  const d = DERIVATIVE;
  const rhs = (t: number, ac: number, e: number): void => {
    const c = ac * invV;
    d[0] = pk.inputRate(t) - (clo + cld * e) * invV * ac;
    d[1] = kdeg * (1 - e) - (kin * c * e) / (ki + c);
    d[2] = 1000 * c;
  };
  let t = startH;
  let y0 = y[o]!;
  let y1 = y[o + 1]!;
  let y2 = y[o + 2]!;
  rhs(t, y0, y1);
  let k10 = d[0]!, k11 = d[1]!, k12 = d[2]!;
  let h = firstStepH;
  let natural = firstStepH;
  let attempts = 0;
  while (t < endH) {
    if (++attempts > maxSteps) throw new Error(`ODE solver: more than ${maxSteps} steps between t=${startH} and t=${endH}`);
    let last = false;
    if (h > maxStepH) h = maxStepH;
    if (t + 1.01 * h >= endH) {
      h = endH - t;
      last = true;
    }
    rhs(t + C2 * h, y0 + h * A21 * k10, y1 + h * A21 * k11);
    const k20 = d[0]!, k21 = d[1]!, k22 = d[2]!;
    rhs(t + C3 * h, y0 + h * (A31 * k10 + A32 * k20), y1 + h * (A31 * k11 + A32 * k21));
    const k30 = d[0]!, k31 = d[1]!, k32 = d[2]!;
    rhs(t + C4 * h, y0 + h * (A41 * k10 + A42 * k20 + A43 * k30), y1 + h * (A41 * k11 + A42 * k21 + A43 * k31));
    const k40 = d[0]!, k41 = d[1]!, k42 = d[2]!;
    rhs(t + C5 * h, y0 + h * (A51 * k10 + A52 * k20 + A53 * k30 + A54 * k40), y1 + h * (A51 * k11 + A52 * k21 + A53 * k31 + A54 * k41));
    const k50 = d[0]!, k51 = d[1]!, k52 = d[2]!;
    const tNew = last ? endH : t + h;
    rhs(tNew, y0 + h * (A61 * k10 + A62 * k20 + A63 * k30 + A64 * k40 + A65 * k50), y1 + h * (A61 * k11 + A62 * k21 + A63 * k31 + A64 * k41 + A65 * k51));
    const k60 = d[0]!, k61 = d[1]!, k62 = d[2]!;
    const n0 = y0 + h * (A71 * k10 + A73 * k30 + A74 * k40 + A75 * k50 + A76 * k60);
    const n1 = y1 + h * (A71 * k11 + A73 * k31 + A74 * k41 + A75 * k51 + A76 * k61);
    const n2 = y2 + h * (A71 * k12 + A73 * k32 + A74 * k42 + A75 * k52 + A76 * k62);
    rhs(tNew, n0, n1);
    const k70 = d[0]!, k71 = d[1]!, k72 = d[2]!;
    const r0 = (h * (E1 * k10 + E3 * k30 + E4 * k40 + E5 * k50 + E6 * k60 + E7 * k70)) / (at0 + rtol * Math.max(Math.abs(y0), Math.abs(n0)));
    const r1 = (h * (E1 * k11 + E3 * k31 + E4 * k41 + E5 * k51 + E6 * k61 + E7 * k71)) / (at1 + rtol * Math.max(Math.abs(y1), Math.abs(n1)));
    const r2 = (h * (E1 * k12 + E3 * k32 + E4 * k42 + E5 * k52 + E6 * k62 + E7 * k72)) / (at2 + rtol * Math.max(Math.abs(y2), Math.abs(n2)));
    const err = Math.sqrt((r0 * r0 + r1 * r1 + r2 * r2) / PK_STATE.size);
    if (Number.isNaN(err)) throw new Error("ODE solver: the derivative is not a number");
    if (err > 1) {
      h *= shrinkFactor(err);
      continue;
    }
    if (peak) followPeak(peak, t, h, y0, n0, k10, k30, k40, k50, k60, k70);
    t = tNew;
    y0 = n0;
    y1 = n1;
    y2 = n2;
    k10 = k70;
    k11 = k71;
    k12 = k72;
    // A final step shortened to land on endH says nothing about the natural step size.
    if (!last || natural <= 0) natural = h * growFactor(err);
    h = natural;
  }
  y[o] = y0;
  y[o + 1] = y1;
  y[o + 2] = y2;
  return attempts;
}

/** The central amount's largest value over an accepted step: at its end, or inside it from the continuous extension. */
function followPeak(peak: PeakTracker, t: number, h: number, y0: number, n0: number, k1: number, k3: number, k4: number, k5: number, k6: number, k7: number): void {
  if (n0 > peak.amountMg) {
    peak.amountMg = n0;
    peak.timeH = t + h;
  }
  const ydiff = n0 - y0;
  const bspl = h * k1 - ydiff;
  const top = denseMaximum(y0, ydiff, bspl, ydiff - h * k7 - bspl, h * (D1 * k1 + D3 * k3 + D4 * k4 + D5 * k5 + D6 * k6 + D7 * k7));
  if (top && top.value > peak.amountMg) {
    peak.amountMg = top.value;
    peak.timeH = t + top.theta * h;
  }
}
