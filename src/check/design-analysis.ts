/**
 * Design analysis (Gelman & Carlin 2014, "Beyond power calculations"): for an estimate that is
 * normal around a true effect D with standard error s, tested two-sided at level alpha, the
 * power, the Type S error (the chance a significant estimate has the wrong sign) and the Type M
 * error or exaggeration ratio (how much a significant estimate overstates |D| on average).
 * Closed forms (Lu, Qiu & Deng 2019) replace Gelman & Carlin's simulation.
 *
 * The same quantities over a distribution of true effects (a forecast, as in assurance) average
 * the closed forms over the effects: average power E[P(sig | D)], Type S = P(sig, wrong sign) /
 * P(sig), Type M = E[|estimate|; sig] / E[|D|; sig], the exaggeration of significant estimates
 * over the true effects of the trials that gave them. With one effect they reduce to the above.
 */
import { ValidationError, type ValidationIssue } from "../errors.js";
import { normalCdf, normalQuantile } from "../math/distributions.js";

const INV_SQRT_2PI = 0.3989422804014327;
const phi = (x: number) => INV_SQRT_2PI * Math.exp(-0.5 * x * x);

export interface DesignAnalysis {
  /** The true effect (for a distribution: its mean). */
  readonly trueEffect: number;
  readonly se: number;
  readonly alpha: number;
  readonly power: number;
  /** Type S error; null when no estimate can be significant (see nullReasons). */
  readonly typeS: number | null;
  /** Type M error (exaggeration ratio); null when the true effect is 0 or nothing can be significant (see nullReasons). */
  readonly typeM: number | null;
  /** Why a field is null, by field name. */
  readonly nullReasons?: Readonly<Record<string, string>>;
}

/** For a standardized true effect d = |D| / s: the chance of a significant estimate of each sign and E[|estimate| / s; significant]. */
function significanceParts(d: number, z: number): { readonly rightSign: number; readonly wrongSign: number; readonly absEstimate: number } {
  const rightSign = 1 - normalCdf(z - d);
  const wrongSign = normalCdf(-z - d);
  // E[X; X > z] + E[−X; X < −z] for X ~ N(d, 1).
  const absEstimate = d * rightSign + phi(z - d) + (-d * wrongSign + phi(-z - d));
  return { rightSign, wrongSign, absEstimate };
}

function inputIssues(trueEffects: readonly number[], se: number, alpha: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (trueEffects.length === 0) issues.push({ path: "trueEffects", rule: "non-empty", message: "needs at least one true effect" });
  const bad = trueEffects.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) issues.push({ path: trueEffects.length === 1 ? "trueEffect" : `trueEffects[${bad}]`, rule: "finite", message: "must be a finite number", received: trueEffects[bad] });
  if (!(Number.isFinite(se) && se > 0)) issues.push({ path: "se", rule: "positive", message: "must be a finite number above 0", received: se });
  if (!(alpha > 0 && alpha < 1)) issues.push({ path: "alpha", rule: "probability", message: "must be between 0 and 1", received: alpha });
  return issues;
}

/** Power, Type S and Type M averaged over `trueEffects` (equally weighted) for standard error `se`; throws a ValidationError on a bad argument. */
export function retrodesignOver(trueEffects: readonly number[], se: number, alpha = 0.05): DesignAnalysis {
  const issues = inputIssues(trueEffects, se, alpha);
  if (issues.length) throw new ValidationError("design analysis", issues);
  const z = normalQuantile(1 - alpha / 2);
  let power = 0;
  let wrongSign = 0;
  let absEstimate = 0;
  let absTrue = 0;
  let sum = 0;
  for (const effect of trueEffects) {
    const d = Math.abs(effect) / se;
    const parts = significanceParts(d, z);
    const significant = parts.rightSign + parts.wrongSign;
    power += significant;
    wrongSign += parts.wrongSign;
    absEstimate += parts.absEstimate;
    absTrue += d * significant;
    sum += effect;
  }
  const count = trueEffects.length;
  const nullReasons: Record<string, string> = {};
  if (!(power > 0)) nullReasons.typeS = "no estimate can be significant, so none has a wrong sign";
  if (!(absTrue > 0)) nullReasons.typeM = power > 0 ? "the true effect is 0: every significant estimate overstates it without bound" : "no estimate can be significant";
  const result = {
    trueEffect: sum / count,
    se,
    alpha,
    power: power / count,
    typeS: power > 0 ? wrongSign / power : null,
    typeM: absTrue > 0 ? absEstimate / absTrue : null,
  };
  return Object.keys(nullReasons).length ? { ...result, nullReasons } : result;
}

/** Gelman & Carlin's power, Type S and Type M for one true effect and standard error `se`; throws a ValidationError on a bad argument. */
export function retrodesign(trueEffect: number, se: number, alpha = 0.05): DesignAnalysis {
  return retrodesignOver([trueEffect], se, alpha);
}
