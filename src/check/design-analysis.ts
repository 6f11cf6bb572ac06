/**
 * Design analysis (Gelman & Carlin 2014, "Beyond power calculations"): for an estimate that is
 * normal around a true effect D with standard error s, tested two-sided at level alpha, the
 * power, the Type S error (the chance a significant estimate has the wrong sign) and the Type M
 * error or exaggeration ratio (how much a significant estimate overstates |D| on average).
 * Closed forms (Lu, Qiu & Deng 2019) replace Gelman & Carlin's simulation.
 */
import { normalCdf, normalQuantile } from "../math/distributions.js";

const INV_SQRT_2PI = 0.3989422804014327;
const phi = (x: number) => INV_SQRT_2PI * Math.exp(-0.5 * x * x);

export interface DesignAnalysis {
  readonly trueEffect: number;
  readonly se: number;
  readonly alpha: number;
  readonly power: number;
  readonly typeS: number;
  readonly typeM: number;
}

/** Gelman & Carlin (2014) design analysis: power, Type S and Type M error for a true effect and a standard error. */
export function retrodesign(trueEffect: number, se: number, alpha = 0.05): DesignAnalysis {
  const z = normalQuantile(1 - alpha / 2);
  const d = Math.abs(trueEffect) / se;
  const upper = 1 - normalCdf(z - d); // significant with the right sign
  const lower = normalCdf(-z - d); // significant with the wrong sign
  const power = upper + lower;
  // E|est| over the significant region, in units of s: E[X; X > z] + E[−X; X < −z] for X ~ N(d, 1).
  const eUpper = d * upper + phi(z - d);
  const eLower = -d * lower + phi(-z - d);
  const typeM = d > 0 ? (eUpper + eLower) / (power * d) : Number.POSITIVE_INFINITY;
  return { trueEffect, se, alpha, power, typeS: power > 0 ? lower / power : Number.NaN, typeM };
}
