/**
 * simulated-trials and power-at-n: where the published standardized effect falls among forecast
 * trials of its design with the published n (outside the central 95% is a warning), and the
 * power at the calibrated point estimate next to the assurance over the calibration's
 * uncertainty. Says why when there is no simulation.
 */
import { formatNumber } from "../../format.js";
import type { CheckContext } from "../context.js";
import { placement, shareAtMostP, type SimulatedComparison } from "../simulation.js";
import type { CheckRow } from "../types.js";

/** "2000 simulated trials", or for an interrupted run "the 350 simulated trials completed (interrupted, of 2000)". */
function forecastTrialsText(simulation: SimulatedComparison): string {
  const done = simulation.trialsCompleted.forecast;
  return simulation.aborted ? `the ${done} simulated trials completed (interrupted, of ${simulation.trials})` : `${done} simulated trials`;
}

/** The simulated-trials row (or the skipped simulation row). */
export function simulatedTrialsPlacement(context: CheckContext): CheckRow[] {
  const { simulation, primary } = context;
  if (!simulation || !primary) return context.simulationSkipped ? [{ id: "simulation", status: "skipped", message: context.simulationSkipped }] : [];
  const place = placement(simulation, primary.publishedG);
  if (!place) return [{ id: "simulated-trials", status: "skipped", message: "No forecast trial had a standardized difference to compare with (every simulated arm lost all its participants)." }];
  const { percentile, p05, p50, p95 } = place;
  const unusual = percentile < 2.5 || percentile > 97.5;
  const f = formatNumber;
  const comparison = `${context.measure}, ${primary.treated.arm.id} − ${primary.controlArm.id}`;
  return [
    {
      id: "simulated-trials",
      status: unusual ? "warn" : "pass",
      message: `Among ${forecastTrialsText(simulation)} of the ${simulation.presetId} design with the published n (forecast from the calibration, each with a new trial effect), the published Hedges' g of ${f(primary.publishedG)} (${comparison}) sits at percentile ${f(percentile)} (simulated median ${f(p50)}, 90% of trials ${f(p05)} to ${f(p95)}).${unusual ? " The result is unusual for the model." : ""}`,
      values: { publishedG: primary.publishedG, percentile, p05, p50, p95 },
    },
  ];
}

/** The power-at-n row: power at the point estimate, assurance, and the share of forecast trials reaching the reported p. */
export function powerAtPublishedN(context: CheckContext): CheckRow[] {
  const { simulation } = context;
  if (!simulation) return [];
  const reportedP = context.result.reported.p;
  const share = reportedP !== undefined ? shareAtMostP(simulation, reportedP) : null;
  const shareText = share !== null ? `; ${formatNumber(100 * share)}% of forecast trials reach p ≤ ${reportedP}` : "";
  const nullReasons: Record<string, string> = {};
  if (share === null) nullReasons.pAtMostReported = reportedP === undefined ? "no p was reported" : "no forecast trial had a Welch p";
  const power = simulation.pointPower;
  if (power.estimate === null) nullReasons.power = nullReasons.powerMcse = "the check was interrupted before a typical trial was simulated";
  const powerText = power.estimate === null ? "not known (interrupted before the typical trials were simulated)" : `${formatNumber(power.estimate)} at the calibrated point estimate`;
  const interrupted = simulation.aborted ? ` (from the trials completed before the interruption: ${simulation.trialsCompleted.point} typical and ${simulation.trialsCompleted.forecast} forecast trials of ${simulation.trials})` : "";
  return [
    {
      id: "power-at-n",
      status: "pass",
      message: `With these sample sizes, power (Welch test on change, two-sided 0.05, favouring ${simulation.treatedPresetArm}) is ${powerText} and the assurance is ${formatNumber(simulation.forecastPower.estimate)}${shareText}${interrupted}.`,
      values: { power: power.estimate, powerMcse: power.mcse, assurance: simulation.forecastPower.estimate, pAtMostReported: share },
      ...(Object.keys(nullReasons).length ? { nullReasons } : {}),
    },
  ];
}
