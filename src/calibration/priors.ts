/**
 * The calibrated quantities, their priors, and the map between the sampler's unconstrained
 * vector and model parameters. Global parameters are sampled on the log scale; each trial's
 * random effects are non-centred (u = τ·z with z ~ N(0, 1)), which samples far better than
 * u itself when τ is poorly identified, as it is with four trials.
 */
import type { ParameterKey, Parameters } from "../params/table.js";
import type { TrialEffects } from "../outcomes/efficacy.js";

export interface GlobalPrior {
  readonly key: ParameterKey;
  readonly label: string;
  /** "lognormal": log(value) ~ N(mu, sd); "halfnormal": value ~ |N(0, sd)| (both sampled on the log scale); "normal": value ~ N(mu, sd), sampled as is. */
  readonly kind: "lognormal" | "halfnormal" | "normal";
  readonly mu: number;
  readonly sd: number;
  readonly rationale: string;
  /**
   * How a half-normal parameter is sampled: on the log scale (default; good when the posterior
   * keeps away from 0), or "folded": the value is |y| for y on the real line, whose prior is then
   * N(0, sd) (good when the posterior piles up at 0, where the log scale has a long tail).
   */
  readonly coordinate?: "log" | "folded";
}

export const GLOBAL_PRIORS: readonly GlobalPrior[] = [
  { key: "efficacy.therapyEffectPerHour", label: "psychotherapy effect per hour of therapy contact", kind: "lognormal", mu: Math.log(0.01), sd: 1, rationale: "centred on MP-1's placebo arm: a log-ratio of about -0.30 over about 30 hours of contact (3 preparatory, 2 drug-session and about 8 integration sessions); a factor of e either way at one SD" },
  { key: "efficacy.drugEffectPerSession", label: "maximal drug effect per session", kind: "lognormal", mu: Math.log(0.4), sd: 1, rationale: "centred on MP-1's MDMA arm beyond its placebo arm; a factor of e either way at one SD" },
  { key: "efficacy.ec50AucNgHPerMl", label: "EC50 of the exposure-response (AUC)", kind: "lognormal", mu: Math.log(1000), sd: 1.5, rationale: "spans AUCs from 30 mg to well above 125 mg doses (about 50 to 20,000 ng·h/mL at two SD)" },
  { key: "efficacy.hill", label: "Hill coefficient of the exposure-response", kind: "lognormal", mu: 0, sd: 0.7, rationale: "centred on 1 (a plain Emax); lets a steep curve make 25-40 mg nearly inert and 75-125 mg nearly equal, as MP-8 and MP-12 suggest" },
  { key: "efficacy.responsivenessLogSd", label: "between-participant SD of responsiveness", kind: "lognormal", mu: Math.log(0.5), sd: 0.75, rationale: "weakly informative; responders and non-responders in every arm need some spread" },
  { key: "efficacy.measurementErrorSd", label: "CAPS measurement error SD (CAPS-IV points)", kind: "lognormal", mu: Math.log(6), sd: 0.5, rationale: "test-retest error of a clinician-rated interview: about 3 to 16 points at two SD" },
  { key: "efficacy.trialTherapyLogSd", label: "between-trial SD of the psychotherapy effect", kind: "halfnormal", mu: 0, sd: 0.5, rationale: "half-normal(0.5): trials can differ by a factor of 2-3, rarely more", coordinate: "folded" },
  { key: "efficacy.trialDrugLogSd", label: "between-trial SD of the drug effect", kind: "halfnormal", mu: 0, sd: 0.5, rationale: "half-normal(0.5), as for the psychotherapy effect" },
  { key: "expectancy.effect", label: "expectancy effect (log-ratio, full unblinding contrast)", kind: "halfnormal", mu: 0, sd: 0.3, rationale: "assumed: no Phase 2 trial published blinding guesses, so nothing identifies it; half-normal(0.3) puts the contrast between fully unblinded arms at about a quarter of MP-1's observed log-ratio contrast (0.83) at its median and allows anything from none to most of it. The sensitivity table (docs/sensitivity.md) shows how forecasts move with this prior", coordinate: "folded" },
  { key: "durability.trendPerYear", label: "trend of log(CAPS) per year after unblinding", kind: "normal", mu: 0, sd: 0.2, rationale: "centred on no change (MP-1's long-term follow-up: 23.7 vs 24.6 at exit after a mean 45 months); 0.2 per year allows a fifth of the remaining severity gained or lost each year" },
];

export const N_GLOBAL = GLOBAL_PRIORS.length;
const TAU_T = GLOBAL_PRIORS.findIndex((p) => p.key === "efficacy.trialTherapyLogSd");
const TAU_D = GLOBAL_PRIORS.findIndex((p) => p.key === "efficacy.trialDrugLogSd");
const DRUG = GLOBAL_PRIORS.findIndex((p) => p.key === "efficacy.drugEffectPerSession");
const EC50 = GLOBAL_PRIORS.findIndex((p) => p.key === "efficacy.ec50AucNgHPerMl");
const HILL = GLOBAL_PRIORS.findIndex((p) => p.key === "efficacy.hill");

/**
 * How the sampler's vector maps to parameters (a choice of coordinates: it changes how well the
 * chains mix, never the posterior). The drug effect's coordinate is the log of the effect at a
 * typical 125 + 62.5 mg session, θ_D·Emax(AUC_ref), which the data pin down, instead of log θ_D,
 * which trades off against EC50 and the Hill coefficient; the Jacobian of that change is 1. Each
 * trial's therapy effect is non-centred (u = τ·z), its drug effect centred (u itself), since four
 * trials inform their drug effects well and their therapy effects poorly.
 */
export const PARAMETRIZATION = { drugEffectAtReferenceAuc: 3200, centredDrugEffects: true };

/** Vector layout: the globals, then (therapy, drug) coordinates of each trial's effects in order. */
export function dimension(trials: number): number {
  return N_GLOBAL + 2 * trials;
}

/** ln Emax(AUC_ref) for the EC50 and Hill coefficient coordinates of `x`. */
function logReferenceFraction(x: Float64Array): number {
  const ref = PARAMETRIZATION.drugEffectAtReferenceAuc;
  const hill = Math.exp(x[HILL]!);
  const a = Math.exp(hill * Math.log(ref));
  return Math.log(a / (a + Math.exp(hill * x[EC50]!)));
}

/** Whether global i is sampled folded (its value is the absolute value of its coordinate). */
export const FOLDED: readonly boolean[] = GLOBAL_PRIORS.map((p) => p.kind === "halfnormal" && p.coordinate === "folded");

/** The globals' coordinates on their prior's scale (log value, the value for a normal prior, its absolute value for a folded one). */
function priorCoordinates(x: Float64Array): Float64Array {
  const y = x.slice(0, N_GLOBAL);
  for (let i = 0; i < N_GLOBAL; i++) if (FOLDED[i]) y[i] = Math.abs(y[i]!);
  if (PARAMETRIZATION.drugEffectAtReferenceAuc > 0) y[DRUG] = x[DRUG]! - logReferenceFraction(x);
  return y;
}

/** Log prior density of the unconstrained vector (including the log-transform Jacobians). */
export function logPrior(x: Float64Array, trials: number): number {
  let lp = 0;
  const y = priorCoordinates(x);
  GLOBAL_PRIORS.forEach((p, i) => {
    const yi = y[i]!; // log(value), or the value itself for a normal or folded prior
    if (p.kind === "lognormal" || p.kind === "normal") lp += -0.5 * ((yi - p.mu) / p.sd) ** 2;
    else if (FOLDED[i]) lp += -0.5 * (yi / p.sd) ** 2; // |y| half-normal: y ~ N(0, sd), no Jacobian
    else lp += -0.5 * (Math.exp(yi) / p.sd) ** 2 + yi; // half-normal density in v, times the Jacobian dv/dy = v
  });
  const tauD = valueOf(GLOBAL_PRIORS[TAU_D]!, y[TAU_D]!);
  for (let j = 0; j < trials; j++) {
    lp += -0.5 * x[N_GLOBAL + 2 * j]! ** 2;
    const d = x[N_GLOBAL + 2 * j + 1]!;
    lp += PARAMETRIZATION.centredDrugEffects ? -0.5 * (d / tauD) ** 2 - Math.log(tauD) : -0.5 * d ** 2;
  }
  return lp;
}

/** A global's value from its prior-scale coordinate (the log scale except for a normal prior). */
export function valueOf(p: GlobalPrior, y: number): number {
  return p.kind === "normal" || (p.kind === "halfnormal" && p.coordinate === "folded") ? y : Math.exp(y);
}

/** The globals' values for the vector, in GLOBAL_PRIORS order. */
export function globalsOf(x: Float64Array): number[] {
  const y = priorCoordinates(x);
  return GLOBAL_PRIORS.map((p, i) => valueOf(p, y[i]!));
}

/** Model parameters for the vector (globals applied on top of `base`). */
export function parametersOf(x: Float64Array, base: Parameters): Parameters {
  const out: Record<string, number> = { ...base };
  const values = globalsOf(x);
  GLOBAL_PRIORS.forEach((p, i) => (out[p.key] = values[i]!));
  return out as Parameters;
}

/** Trial j's random effects for the vector. */
export function effectsOf(x: Float64Array, j: number): TrialEffects {
  const d = x[N_GLOBAL + 2 * j + 1]!;
  const tau = (i: number) => (FOLDED[i] ? Math.abs(x[i]!) : Math.exp(x[i]!));
  return { therapyLog: tau(TAU_T) * x[N_GLOBAL + 2 * j]!, drugLog: PARAMETRIZATION.centredDrugEffects ? d : tau(TAU_D) * d };
}

/** The prior's centre as a starting vector. */
export function priorCentre(trials: number): Float64Array {
  const x = new Float64Array(dimension(trials));
  GLOBAL_PRIORS.forEach((p, i) => (x[i] = p.kind !== "halfnormal" ? p.mu : FOLDED[i] ? p.sd * 0.6745 : Math.log(p.sd * 0.6745))); // half-normal median
  if (PARAMETRIZATION.drugEffectAtReferenceAuc > 0) x[DRUG] = x[DRUG]! + logReferenceFraction(x);
  return x;
}
