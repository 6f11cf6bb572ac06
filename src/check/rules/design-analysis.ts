/**
 * design-analysis and design-analysis-forecast: Gelman & Carlin's retrodesign for a trial with
 * the published standard error. One row at a single true effect (the one the file assumes, else
 * the typical trial's: the calibrated model's median difference at the posterior medians), one
 * over the forecast distribution of true effects (assurance: the calibrated posterior draws, each
 * forecast trial with a new trial effect). Each row and report field says which it shows.
 */
import { quantileSorted } from "../../analysis/descriptive.js";
import { formatNumber } from "../../format.js";
import type { CheckContext, PrimaryComparison } from "../context.js";
import { retrodesign, retrodesignOver, type DesignAnalysis } from "../design-analysis.js";
import { forecastTrueDifferences } from "../simulation.js";
import type { CheckRow, ForecastDesignAnalysis, ReportedDesignAnalysis } from "../types.js";

/** A significant result is more likely than not to be missed below this power: the row warns. */
const LOW_POWER = 0.5;

function metricOf(context: CheckContext, primary: PrimaryComparison): string {
  return `difference in mean ${context.measure} (${primary.treated.arm.id} − ${primary.controlArm.id}), points`;
}

const endpointNote = (context: CheckContext) => (context.measure === "endpoint" ? ", which randomization makes the expected endpoint difference too" : "");

/** The design analysis at one true effect: the assumed one, else the typical trial's; null without either. */
export function pointDesignAnalysis(context: CheckContext): ReportedDesignAnalysis | null {
  const { primary, simulation } = context;
  if (!primary) return null;
  const assumed = context.result.assumedTrueEffect;
  const trueEffect = assumed ? ("difference" in assumed ? assumed.difference : assumed.g * primary.pooledSd) : simulation?.typicalDifference;
  if (trueEffect === undefined || trueEffect === null) return null;
  const analysis = retrodesign(trueEffect, primary.differenceSe);
  const source = assumed ? "the effect stated in assumedTrueEffect" : `the calibrated model's median difference in change for this design (a typical trial)${endpointNote(context)}`;
  return { ...analysis, basis: assumed ? "assumed-effect" : "typical-trial", metric: metricOf(context, primary), source };
}

/** The design analysis over the forecast distribution of true effects; null without a simulation. */
export function forecastDesignAnalysis(context: CheckContext): ForecastDesignAnalysis | null {
  const { primary, simulation } = context;
  if (!primary || !simulation) return null;
  const forecast = forecastTrueDifferences(simulation);
  if (!forecast) return null;
  const analysis = retrodesignOver(forecast.differences, primary.differenceSe);
  const sorted = [...forecast.differences].sort((a, b) => a - b);
  const trueEffectQuantiles = { p05: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
  const source = `the forecast of the true difference in change for this design (${forecast.differences.length} forecast trials from the calibrated posterior draws, each with a new trial effect; their sampling error removed by scaling the estimates' deviations from their mean by ${formatNumber(forecast.shrinkage)})${endpointNote(context)}`;
  return { ...analysis, basis: "forecast", metric: metricOf(context, primary), source, trials: forecast.differences.length, trueEffectQuantiles };
}

/** "…overstates the effect 1.13-fold (Type M)", or why Type M is undefined. */
function errorsText(analysis: DesignAnalysis, overstates: string): string {
  const typeS = analysis.typeS === null ? `no significant result is possible, so Type S is undefined` : `a significant result has the wrong sign with probability ${formatNumber(analysis.typeS)} (Type S)`;
  const typeM = analysis.typeM === null ? `Type M is undefined (${analysis.nullReasons?.typeM ?? "no true effect"})` : `${overstates} ${formatNumber(analysis.typeM)}-fold on average (Type M)`;
  return `${typeS} and ${typeM}`;
}

function valuesOf(analysis: DesignAnalysis): Pick<CheckRow, "values" | "nullReasons"> {
  const values = { se: analysis.se, power: analysis.power, typeS: analysis.typeS, typeM: analysis.typeM };
  return analysis.nullReasons ? { values, nullReasons: analysis.nullReasons } : { values };
}

/** The design-analysis row at one true effect, or a skipped row saying what it needs. */
export function pointDesignAnalysisRow(context: CheckContext): CheckRow[] {
  if (!context.primary) return [];
  const analysis = pointDesignAnalysis(context);
  if (!analysis) {
    const message = context.simulation
      ? context.simulation.aborted
        ? "The design analysis needs the typical trial's true effect, and the check was interrupted before a typical trial was simulated (or give assumedTrueEffect)."
        : "The design analysis needs the typical trial's true effect, and no simulated typical trial had a difference between the arms (or give assumedTrueEffect)."
      : "The design analysis needs a true effect: name a preset (for the calibrated model's) or give assumedTrueEffect.";
    return [{ id: "design-analysis", status: "skipped", message }];
  }
  const which = analysis.basis === "assumed-effect" ? "At the assumed effect" : "For a typical trial";
  const { values, nullReasons } = valuesOf(analysis);
  return [
    {
      id: "design-analysis",
      status: analysis.power < LOW_POWER ? "warn" : "pass",
      message: `${which}: if the true difference is ${formatNumber(analysis.trueEffect)} points (${analysis.source}) and the standard error is ${formatNumber(analysis.se)}, a trial like this has power ${formatNumber(analysis.power)}; ${errorsText(analysis, "it overstates the effect")}.`,
      values: { trueEffect: analysis.trueEffect, ...values },
      ...(nullReasons ? { nullReasons } : {}),
    },
  ];
}

/** The design-analysis-forecast row over the forecast's true effects (nothing without a simulation). */
export function forecastDesignAnalysisRow(context: CheckContext): CheckRow[] {
  const analysis = forecastDesignAnalysis(context);
  if (!analysis) return [];
  const { p05, p50, p95 } = analysis.trueEffectQuantiles;
  const f = formatNumber;
  const { values, nullReasons } = valuesOf(analysis);
  return [
    {
      id: "design-analysis-forecast",
      status: analysis.power < LOW_POWER ? "warn" : "pass",
      message: `Over the forecast (assurance): if the true difference is as the calibration forecasts for a new trial (median ${f(p50)} points, 90% from ${f(p05)} to ${f(p95)}) and the standard error is ${f(analysis.se)}, a trial like this has average power ${f(analysis.power)}; ${errorsText(analysis, "it overstates its own trial's true effect")}.`,
      values: { meanTrueEffect: analysis.trueEffect, trueEffectP05: p05, trueEffectP50: p50, trueEffectP95: p95, ...values, forecastTrials: analysis.trials },
      ...(nullReasons ? { nullReasons } : {}),
    },
  ];
}
