/**
 * spread: is a reported SD plausible for an arm of its n, judged against the simulated arms of
 * the same preset arm (forecast trials)? An SD below the 1st percentile whose value times √n is
 * typical is far more plausible as an SE than an SD. Every published arm that maps onto an arm
 * of the preset is judged.
 */
import { formatNumber } from "../../format.js";
import type { CheckContext } from "../context.js";
import type { SimulatedComparison } from "../simulation.js";
import type { CheckRow } from "../types.js";
import type { Measure } from "../reported.js";

/** The SDs of `measure` in the forecast trials' arm `presetArm`, ascending. */
function simulatedSds(simulation: SimulatedComparison, presetArm: string, measure: Measure): number[] {
  return simulation.forecastRows
    .map((row) => row.arms.find((x) => x.armId === presetArm))
    .map((a) => (a ? (measure === "change" ? a.sdChange : a.sdEndpoint) : null))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
}

/** One row per published arm with an SD of the measure that maps onto a preset arm. */
export function spreadPlausibility(context: CheckContext): CheckRow[] {
  const { simulation, measure } = context;
  if (!simulation) return [];
  const rows: CheckRow[] = [];
  for (const arm of context.result.arms) {
    const spread = arm[measure];
    const presetArm = simulation.presetArmOf[arm.id];
    if (!spread || spread.sd === undefined || arm.n === undefined || presetArm === undefined) continue;
    const sds = simulatedSds(simulation, presetArm, measure);
    if (sds.length === 0) continue;
    const percentileOf = (x: number) => (100 * sds.filter((v) => v < x).length) / sds.length;
    const { sd } = spread;
    const asSe = sd * Math.sqrt(arm.n);
    const percentileAsSd = percentileOf(sd);
    const percentileAsSe = percentileOf(asSe);
    const id = `spread:${arm.id}:${measure}`;
    const where = `${arm.id} ${measure}`;
    const f = formatNumber;
    if (percentileAsSd < 1 && percentileAsSe >= 5 && percentileAsSe <= 95) {
      rows.push({ id, status: "fail", message: `${where}: an SD of ${sd} is below the 1st percentile of simulated arms of ${arm.n} (percentile ${f(percentileAsSd)}), while ${sd} × √${arm.n} = ${f(asSe)} is typical (percentile ${f(percentileAsSe)}): the spread is far more plausible as an SE than an SD.`, values: { reported: sd, percentileAsSd, percentileAsSe } });
    } else if (percentileAsSd < 2.5 || percentileAsSd > 97.5) {
      rows.push({ id, status: "warn", message: `${where}: an SD of ${sd} is unusual for simulated arms of ${arm.n} (percentile ${f(percentileAsSd)}).`, values: { reported: sd, percentileAsSd } });
    } else {
      rows.push({ id, status: "pass", message: `${where}: an SD of ${sd} is plausible for an arm of ${arm.n} (percentile ${f(percentileAsSd)} of simulated arms).`, values: { reported: sd, percentileAsSd } });
    }
  }
  return rows;
}
