/**
 * grim-percent and count-percent: a percentage of n participants is 100·k/n for an integer k
 * (GRIM for percentages), and a reported count k gives the reported percentage within rounding.
 */
import { formatNumber } from "../../format.js";
import type { CheckContext } from "../context.js";
import { decimalsOf, grimPercent } from "../grim.js";
import { halfUnit } from "../reported.js";
import type { PublishedArm } from "../schema.js";
import type { CheckRow } from "../types.js";

const PROPORTIONS = ["responders", "lossOfDiagnosis"] as const;

/** Each reported percentage with its denominator (the proportion's own n, else the arm's). */
function reportedPercentages(arms: readonly PublishedArm[]) {
  return arms.flatMap((arm) =>
    PROPORTIONS.flatMap((which) => {
      const proportion = arm[which];
      const n = proportion?.n ?? arm.n;
      return proportion?.percent !== undefined && n !== undefined ? [{ arm, which, proportion, percent: proportion.percent, n }] : [];
    }),
  );
}

/** One row per reported percentage: possible for its n, impossible, or GRIM cannot tell. */
export function grimPercentages(context: CheckContext): CheckRow[] {
  return reportedPercentages(context.result.arms).map(({ arm, which, proportion, percent, n }): CheckRow => {
    const decimals = proportion.decimals ?? decimalsOf(percent);
    const grim = grimPercent(percent, n, decimals);
    const id = `grim-percent:${arm.id}:${which}`;
    const where = `${arm.id} ${which}`;
    if (!grim.informative) return { id, status: "skipped", message: `${where}: GRIM cannot tell with n = ${n} and ${decimals} decimal(s) (every percentage of ${n} rounds to some such value).`, values: { percent, n } };
    if (grim.possible) return { id, status: "pass", message: `${where}: ${percent}% is a possible share of ${n}.`, values: { percent, n } };
    const nearest = grim.nearest.map((x) => `${x.total}/${n} = ${formatNumber(x.value, 4)}%`).join(", ");
    return { id, status: "fail", message: `${where}: no count out of ${n} gives ${percent}% (nearest: ${nearest}).`, values: { percent, n } };
  });
}

/** One row per percentage reported with its count: the count out of n gives the percentage within rounding. */
export function countsMatchPercentages(context: CheckContext): CheckRow[] {
  return reportedPercentages(context.result.arms).flatMap(({ arm, which, proportion, percent, n }): CheckRow[] => {
    const count = proportion.count;
    if (count === undefined) return [];
    const exact = (100 * count) / n;
    const agree = Math.abs(exact - percent) <= halfUnit(percent, proportion.decimals) + 1e-9;
    const where = `${arm.id} ${which}`;
    const share = `${count}/${n}`;
    return [
      {
        id: `count-percent:${arm.id}:${which}`,
        status: agree ? "pass" : "fail",
        message: agree ? `${where}: ${share} = ${formatNumber(exact, 4)}% agrees with the reported ${percent}%.` : `${where}: ${share} is ${formatNumber(exact, 4)}%, not the reported ${percent}%.`,
        values: { count, n, percent },
      },
    ];
  });
}
