/**
 * Vital signs driven by MDMA concentration. Cardiovascular effects of MDMA peak 1-2 h after a
 * dose and subside by about 6 h although plasma levels stay high (clockwise hysteresis: acute
 * tolerance). Each group of signs (blood pressure, heart rate, temperature) has an effect
 * compartment and a tolerance state:
 *
 *   dCe/dt  = ke0·(C − Ce)                 effect-site concentration (ng/mL)
 *   S       = Ce / (EC50 + Ce)              stimulus, 0..1
 *   dTol/dt = kt·(S − Tol)                  tolerance catches up with the stimulus
 *   rise    = Emax_i · max(0, S − Tol)      above the participant's baseline
 *
 * Systolic and diastolic pressure share one stimulus with their own Emax. Emax varies between
 * participants (log-normal). Readings add measurement noise to the true value.
 */
import type { Parameters } from "../params/table.js";
import type { Rng } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { PkSystem, PK_STATE, runWithDoses, type PkIndividual } from "../pk/model.js";
import type { VitalMeasure } from "../protocol/schema.js";

export interface VitalsGroupParameters {
  readonly ke0PerH: number;
  readonly tolerancePerH: number;
  readonly ec50NgPerMl: number;
}

export interface VitalsIndividual {
  readonly baseline: Readonly<Record<VitalMeasure, number>>;
  /** Maximal rise above baseline (before tolerance) for each measure. */
  readonly emax: Readonly<Record<VitalMeasure, number>>;
  readonly bp: VitalsGroupParameters;
  readonly hr: VitalsGroupParameters;
  readonly temperature: VitalsGroupParameters;
}

export type VitalValues = Record<VitalMeasure, number>;

function group(p: Parameters, g: "bp" | "hr" | "temperature"): VitalsGroupParameters {
  return { ke0PerH: p[`vitals.${g}.ke0PerH`], tolerancePerH: p[`vitals.${g}.tolerancePerH`], ec50NgPerMl: p[`vitals.${g}.ec50NgPerMl`] };
}

/** The three groups' rate parameters, shared by every participant drawn with the same parameters (they do not vary between people). */
const groupsOf = new WeakMap<Parameters, { bp: VitalsGroupParameters; hr: VitalsGroupParameters; temperature: VitalsGroupParameters }>();
function groups(p: Parameters) {
  let g = groupsOf.get(p);
  if (!g) groupsOf.set(p, (g = { bp: group(p, "bp"), hr: group(p, "hr"), temperature: group(p, "temperature") }));
  return g;
}

/** A participant's vital-sign parameters: baselines and sensitivities drawn from the population. */
export function sampleVitalsIndividual(rng: Rng, p: Parameters): VitalsIndividual {
  // Baseline pressures are correlated through a shared factor (assumed correlation 0.6).
  const zShared = standardNormal(rng);
  const zSys = standardNormal(rng);
  const zDia = standardNormal(rng);
  const r = 0.6;
  const sys = p["vitals.baseline.systolicMeanMmHg"] + p["vitals.baseline.systolicSdMmHg"] * (Math.sqrt(r) * zShared + Math.sqrt(1 - r) * zSys);
  const dia = p["vitals.baseline.diastolicMeanMmHg"] + p["vitals.baseline.diastolicSdMmHg"] * (Math.sqrt(r) * zShared + Math.sqrt(1 - r) * zDia);
  const hr = p["vitals.baseline.heartRateMeanBpm"] + p["vitals.baseline.heartRateSdBpm"] * standardNormal(rng);
  const temp = p["vitals.baseline.temperatureMeanC"] + p["vitals.baseline.temperatureSdC"] * standardNormal(rng);
  const bpFactor = Math.exp(p["vitals.emaxLogSd"] * standardNormal(rng));
  const hrFactor = Math.exp(p["vitals.emaxLogSd"] * standardNormal(rng));
  const tempFactor = Math.exp(p["vitals.emaxLogSd"] * standardNormal(rng));
  return {
    baseline: { systolicMmHg: sys, diastolicMmHg: dia, heartRateBpm: hr, temperatureC: temp },
    emax: {
      systolicMmHg: p["vitals.bp.emaxSystolicMmHg"] * bpFactor,
      diastolicMmHg: p["vitals.bp.emaxDiastolicMmHg"] * bpFactor,
      heartRateBpm: p["vitals.hr.emaxBpm"] * hrFactor,
      temperatureC: p["vitals.temperature.emaxC"] * tempFactor,
    },
    ...groups(p),
  };
}

/** Layout of the joint PK + vitals state: PK first, then (Ce, Tol) for bp, hr, temperature. */
export const PKPD_STATE = { bpCe: PK_STATE.size, bpTol: PK_STATE.size + 1, hrCe: PK_STATE.size + 2, hrTol: PK_STATE.size + 3, tempCe: PK_STATE.size + 4, tempTol: PK_STATE.size + 5, size: PK_STATE.size + 6 } as const;

/**
 * Right-hand side of the joint PK + vitals system: the PK part exactly as PkSystem.rhs (written
 * out here, with the same operations, so the hot loop makes one call), then for each group
 *   dCe/dt = ke0·(C − Ce),   dTol/dt = kt·(Ce/(EC50 + Ce) − Tol).
 */
export function makePkPdRhs(pk: PkSystem, v: VitalsIndividual): (t: number, y: Float64Array, out: Float64Array) => void {
  if (pk.offset !== 0) throw new Error("makePkPdRhs: the PK block must come first in the state");
  const ind = pk.ind;
  const invV = 1 / ind.volumeL;
  const clo = ind.clOtherLPerH;
  const cld = ind.clCyp2d6LPerH;
  const kdeg = ind.kdegPerH;
  const kin = ind.kinactPerH;
  const ki = ind.kiMgPerL;
  const toNg = 1000 / ind.volumeL;
  const { bp, hr, temperature } = v;
  const bpKe0 = bp.ke0PerH, bpKt = bp.tolerancePerH, bpEc50 = bp.ec50NgPerMl;
  const hrKe0 = hr.ke0PerH, hrKt = hr.tolerancePerH, hrEc50 = hr.ec50NgPerMl;
  const tKe0 = temperature.ke0PerH, tKt = temperature.tolerancePerH, tEc50 = temperature.ec50NgPerMl;
  return (t: number, y: Float64Array, out: Float64Array): void => {
    const ac = y[0]!;
    const e = y[1]!;
    const c = ac * invV;
    out[0] = pk.inputRate(t) - (clo + cld * e) * invV * ac;
    out[1] = kdeg * (1 - e) - (kin * c * e) / (ki + c);
    out[2] = 1000 * c;
    const cNg = ac * toNg;
    const bpCe = y[3]!;
    out[3] = bpKe0 * (cNg - bpCe);
    out[4] = bpKt * ((bpCe > 0 ? bpCe / (bpEc50 + bpCe) : 0) - y[4]!);
    const hrCe = y[5]!;
    out[5] = hrKe0 * (cNg - hrCe);
    out[6] = hrKt * ((hrCe > 0 ? hrCe / (hrEc50 + hrCe) : 0) - y[6]!);
    const tCe = y[7]!;
    out[7] = tKe0 * (cNg - tCe);
    out[8] = tKt * ((tCe > 0 ? tCe / (tEc50 + tCe) : 0) - y[8]!);
  };
}

/** Normalized stimulus above tolerance for a group, 0..1. */
function net(y: Float64Array, ceIndex: number, ec50: number): number {
  const e = y[ceIndex]!;
  const s = e > 0 ? e / (ec50 + e) : 0;
  const d = s - y[ceIndex + 1]!;
  return d > 0 ? d : 0;
}

const NO_DAMPENING: Readonly<Record<VitalMeasure, number>> = { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 };

/**
 * True vital signs from a joint state. `dampening` multiplies the drug-induced rise of each
 * measure (1 = none; an intervention lowers it).
 */
export function vitalsFromState(v: VitalsIndividual, y: Float64Array, dampening?: Readonly<Record<VitalMeasure, number>>): VitalValues {
  const bp = net(y, PKPD_STATE.bpCe, v.bp.ec50NgPerMl);
  const hr = net(y, PKPD_STATE.hrCe, v.hr.ec50NgPerMl);
  const temp = net(y, PKPD_STATE.tempCe, v.temperature.ec50NgPerMl);
  const d = dampening ?? NO_DAMPENING;
  return {
    systolicMmHg: v.baseline.systolicMmHg + v.emax.systolicMmHg * bp * d.systolicMmHg,
    diastolicMmHg: v.baseline.diastolicMmHg + v.emax.diastolicMmHg * bp * d.diastolicMmHg,
    heartRateBpm: v.baseline.heartRateBpm + v.emax.heartRateBpm * hr * d.heartRateBpm,
    temperatureC: v.baseline.temperatureC + v.emax.temperatureC * temp * d.temperatureC,
  };
}

/** A point of a fine grid: time, concentration and the true vital signs (as vitalsFromState), in one object. */
export function vitalsSample(v: VitalsIndividual, y: Float64Array, dampening: Readonly<Record<VitalMeasure, number>>, timeH: number, concentrationNgPerMl: number): { timeH: number; concentrationNgPerMl: number } & VitalValues {
  const bp = net(y, PKPD_STATE.bpCe, v.bp.ec50NgPerMl);
  const hr = net(y, PKPD_STATE.hrCe, v.hr.ec50NgPerMl);
  const temp = net(y, PKPD_STATE.tempCe, v.temperature.ec50NgPerMl);
  return {
    timeH,
    concentrationNgPerMl,
    systolicMmHg: v.baseline.systolicMmHg + v.emax.systolicMmHg * bp * dampening.systolicMmHg,
    diastolicMmHg: v.baseline.diastolicMmHg + v.emax.diastolicMmHg * bp * dampening.diastolicMmHg,
    heartRateBpm: v.baseline.heartRateBpm + v.emax.heartRateBpm * hr * dampening.heartRateBpm,
    temperatureC: v.baseline.temperatureC + v.emax.temperatureC * temp * dampening.temperatureC,
  };
}

/** True vital signs at each time after the given doses (no rules, no noise): for plots and fits. */
import { DormandPrince, DEFAULT_ODE_OPTIONS, type OdeOptions } from "../math/ode.js";
import type { Dose } from "../pk/model.js";

export function simulateVitals(ind: PkIndividual, v: VitalsIndividual, doses: readonly Dose[], timesH: ArrayLike<number>, ode: OdeOptions = DEFAULT_ODE_OPTIONS): VitalValues[] {
  const pk = new PkSystem(ind);
  const y = new Float64Array(PKPD_STATE.size);
  y[PK_STATE.enzyme] = 1;
  const out: VitalValues[] = [];
  runWithDoses(new DormandPrince(PKPD_STATE.size), makePkPdRhs(pk, v), pk, y, doses, timesH, ode, (_i, s) => out.push(vitalsFromState(v, s)));
  return out;
}
