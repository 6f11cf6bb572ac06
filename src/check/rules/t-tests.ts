/**
 * welch, student and t-test: Welch's and Student's t tests recomputed from the published
 * summaries of the compared measure. When the paper names its test, that test's p is judged
 * against the reported p over the rounding of the summaries; when it does not, each test's row
 * only informs and one t-test row judges the pair (consistent with either is a pass).
 */
import { studentFromSummary, welchFromSummary, type GroupSummary, type TTestResult } from "../../analysis/ttest.js";
import { formatNumber } from "../../format.js";
import type { ArmComparison, CheckContext } from "../context.js";
import { overlaps, pInterval, pRange, type MeasuredArm } from "../reported.js";
import type { CheckRow, CheckStatus } from "../types.js";

type JudgedStatus = Exclude<CheckStatus, "skipped">;

interface Verdict {
  readonly title: string;
  readonly status: JudgedStatus;
  readonly p: number;
  readonly range: [number, number] | null;
}

const TESTS = [
  { name: "welch", title: "Welch", test: welchFromSummary, undefinedWhy: "it needs at least 2 participants in each arm" },
  { name: "student", title: "Student", test: studentFromSummary, undefinedWhy: "it needs at least 3 participants in the two arms" },
] as const;

type TestSpec = (typeof TESTS)[number];

const ANOTHER_ANALYSIS = "The paper may have used another analysis (ANCOVA, a nonparametric test, another outcome or time point).";

/** The row for a test whose p is judged against the reported one, and its verdict. */
function judgedRow(context: CheckContext, spec: TestSpec, comparison: ArmComparison, treated: MeasuredArm, control: MeasuredArm, result: TTestResult, reportedP: number): { row: CheckRow; verdict: Verdict } {
  const { pOperator, test } = context.result.reported;
  const unspecified = test === undefined || test === "t-unspecified";
  const range = pRange(spec.test as (x: GroupSummary, y: GroupSummary) => TTestResult | null, treated, control);
  const consistent = range !== null && overlaps(range, pInterval(reportedP, pOperator));
  const ratio = result.p / reportedP;
  const near = ratio > 0.5 && ratio < 2;
  const status: JudgedStatus = consistent ? "pass" : near ? "warn" : "fail";
  const rangeText = range ? `${formatNumber(range[0])}-${formatNumber(range[1])} over their rounding` : "no range";
  const label = comparison.label;
  const on = `a ${spec.title} t test on the published ${context.measure} summaries`;
  const message = consistent
    ? `${label}: the reported p ${pOperator === "=" ? "=" : "<"} ${reportedP} is what ${on} gives (recomputed p = ${formatNumber(result.p)}, ${rangeText}).`
    : unspecified
      ? `${label}: ${on} gives p = ${formatNumber(result.p)} (${rangeText}), against the reported ${reportedP} (the paper does not say which t test; judged together in the t-test row).`
      : `${label}: ${on} gives p = ${formatNumber(result.p)} (${rangeText}), not the reported ${reportedP}; ${near ? "close, but not within rounding" : `${formatNumber(ratio, 2)} times the reported value`}. ${ANOTHER_ANALYSIS}`;
  const noRange = "the test is undefined at some corner of the summaries' rounding";
  const row: CheckRow = {
    id: `${spec.name}:${comparison.treatedArm.id}`,
    // With the test unspecified, each test alone is information; the combined row judges.
    status: unspecified ? "pass" : status,
    message,
    values: { t: result.t, df: result.df, p: result.p, difference: result.estimate, reportedP, pLow: range?.[0] ?? null, pHigh: range?.[1] ?? null },
    ...(range ? {} : { nullReasons: { pLow: noRange, pHigh: noRange } }),
  };
  return { row, verdict: { title: spec.title, status, p: result.p, range } };
}

/** The row judging both tests together when the paper does not name its t test. */
function verdictRow(context: CheckContext, comparison: ArmComparison, verdicts: readonly Verdict[], reportedP: number): CheckRow {
  const best = verdicts.find((v) => v.status === "pass") ?? verdicts.find((v) => v.status === "warn") ?? verdicts[0]!;
  const all = verdicts.map((v) => `${v.title} p = ${formatNumber(v.p)}${v.range ? ` (${formatNumber(v.range[0])}-${formatNumber(v.range[1])})` : ""}`).join(", ");
  const { pOperator } = context.result.reported;
  const summaries = `the published ${context.measure} summaries`;
  return {
    id: `t-test:${comparison.treatedArm.id}`,
    status: best.status,
    message:
      best.status === "pass"
        ? `${comparison.label}: the reported p ${pOperator === "=" ? "=" : "<"} ${reportedP} is consistent with a ${best.title} t test on ${summaries} (${all}, over their rounding).`
        : `${comparison.label}: neither t test on ${summaries} gives the reported p = ${reportedP} (${all}, over their rounding)${best.status === "warn" ? "; close, but not within rounding" : ""}. ${ANOTHER_ANALYSIS}`,
    values: { reportedP, ...Object.fromEntries(verdicts.map((v) => [`p${v.title}`, v.p])) },
  };
}

/** The rows of one treated arm's comparison. */
function comparisonRows(context: CheckContext, comparison: ArmComparison): CheckRow[] {
  const { treated, control, label, treatedArm } = comparison;
  if (!treated || !control) {
    return [{ id: `t-tests:${treatedArm.id}`, status: "skipped", message: `${label}: recomputing the t tests needs n, a mean and an SD (or SE) of the ${context.measure} in both arms.` }];
  }
  const { p: reportedP, test } = context.result.reported;
  const unspecified = test === undefined || test === "t-unspecified";
  const rows: CheckRow[] = [];
  const verdicts: Verdict[] = [];
  for (const spec of TESTS) {
    const result = spec.test(treated.summary, control.summary);
    const id = `${spec.name}:${treatedArm.id}`;
    if (!result) {
      rows.push({ id, status: "skipped", message: `${label}: ${spec.title}'s t test is undefined for these summaries (${spec.undefinedWhy}).` });
      continue;
    }
    if (reportedP === undefined || !(unspecified || test === spec.name)) {
      const why = reportedP === undefined ? "nothing reported to compare" : `the paper's p is from ${test === "other" ? "another test" : `a ${test} analysis`}`;
      const values = { t: result.t, df: result.df, p: result.p, difference: result.estimate };
      rows.push({ id, status: "pass", message: `${label}: ${spec.title} t = ${formatNumber(result.t)}, df = ${formatNumber(result.df)}, p = ${formatNumber(result.p)} on the ${context.measure} (recomputed; ${why}).`, values });
      continue;
    }
    const judged = judgedRow(context, spec, comparison, treated, control, result, reportedP);
    rows.push(judged.row);
    verdicts.push(judged.verdict);
  }
  if (unspecified && verdicts.length && reportedP !== undefined) rows.push(verdictRow(context, comparison, verdicts, reportedP));
  return rows;
}

/** For each treated arm: the recomputed t tests, judged against the reported p when there is one. */
export function tTests(context: CheckContext): CheckRow[] {
  return context.comparisons.flatMap((comparison) => comparisonRows(context, comparison));
}
