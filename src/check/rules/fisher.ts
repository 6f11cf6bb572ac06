/**
 * fisher: responders in each treated arm against the control by Fisher's exact test, with the
 * risk difference and Newcombe's interval; judged against a reported Fisher p when there is one.
 * A count missing but a percentage given is taken as the nearest whole count.
 */
import { fisherExact, riskDifference } from "../../analysis/fisher.js";
import { formatNumber } from "../../format.js";
import type { CheckContext } from "../context.js";
import { overlaps, pInterval } from "../reported.js";
import type { PublishedArm } from "../schema.js";
import type { CheckRow } from "../types.js";

/** An arm's responders as a count out of a denominator, or undefined when it reports neither count nor percentage with an n. */
function respondersOf(arm: PublishedArm): { readonly count: number; readonly n: number } | undefined {
  const responders = arm.responders;
  const n = responders?.n ?? arm.n;
  if (!responders || !n) return undefined;
  const count = responders.count ?? (responders.percent !== undefined ? Math.round((responders.percent * n) / 100) : undefined);
  return count === undefined ? undefined : { count, n };
}

/** One row per treated arm whose responders and the control's are both known. */
export function fisherResponders(context: CheckContext): CheckRow[] {
  const rows: CheckRow[] = [];
  const { fisherP: reportedFisherP, fisherPOperator } = context.result.reported;
  for (const { treatedArm, controlArm, label } of context.comparisons) {
    const treated = respondersOf(treatedArm);
    const control = respondersOf(controlArm);
    if (!treated || !control) continue;
    const fisher = fisherExact(treated.count, treated.n - treated.count, control.count, control.n - control.count);
    const difference = riskDifference(treated.count, treated.n, control.count, control.n);
    const values = { fisherP: fisher.p, riskDifference: difference.rd, rdLower: difference.ciLower, rdUpper: difference.ciUpper };
    const counts = `${treated.count}/${treated.n} vs ${control.count}/${control.n}`;
    const id = `fisher:${treatedArm.id}`;
    if (reportedFisherP === undefined) {
      const f = formatNumber;
      rows.push({ id, status: "pass", message: `${label}: responders ${counts}: Fisher's exact p = ${f(fisher.p)}; risk difference ${f(difference.rd)} (95% Newcombe CI ${f(difference.ciLower)} to ${f(difference.ciUpper)}).`, values });
      continue;
    }
    const agree = overlaps([fisher.p, fisher.p], pInterval(reportedFisherP, fisherPOperator));
    const reported = `${fisherPOperator === "=" ? "" : `${fisherPOperator} `}${reportedFisherP}`;
    const test = `${label}: Fisher's exact test on ${counts} gives p = ${formatNumber(fisher.p)}`;
    rows.push({ id, status: agree ? "pass" : "fail", message: agree ? `${test}, as reported (${reported}).` : `${test}, not the reported ${reported}.`, values });
  }
  return rows;
}
