/**
 * How the CLI prints library results. JSON is always the result's own serialization (jsonText),
 * so the CLI and the API give the same output for the same run; tables and CSV are views of the
 * same object. `simulate`, `power` and `merge` share these, so a merged run prints exactly as the
 * single run does.
 */
import { type CommandContext, jsonText, UsageError } from "./framework.js";
import { csv, table, formatNumber } from "./format.js";
import type { TrialsRun } from "../trial/api.js";
import type { PowerCurveResult, PowerPoint, SampleSizeResult } from "../trial/power-search.js";
import type { ForecastResult } from "../calibration/forecast.js";
import type { DistributionSummary } from "../trial/summary.js";
import type { ProportionEstimate } from "../analysis/intervals.js";

export type Format = "json" | "csv" | "table";

/** "0.81 (MCSE 0.012, 95% CI 0.78-0.83)", or the reason there is no estimate. */
export function estimateText(p: ProportionEstimate): string {
  if (p.estimate === null) return `none (${p.reason ?? "no trials"})`;
  return `${formatNumber(p.estimate)} (MCSE ${formatNumber(p.mcse)}, 95% CI ${formatNumber(p.ci[0])}-${formatNumber(p.ci[1])})`;
}

/** A line saying a run was interrupted, or nothing. */
function abortedLine(aborted: boolean, completed: number, requested: number): string[] {
  return aborted ? [`Interrupted: ${completed} of ${requested} trials completed; the figures above are from those.`] : [];
}

function trialsTable(run: TrialsRun): string {
  const s = run.summary;
  const d = run.design;
  return [
    `${run.provenance.protocolId}: ${s.trials} trials, seed ${String(run.provenance.seed)}, n = ${d.totalN} (${Object.entries(d.armSizes).map(([k, v]) => `${k} ${v}`).join(", ")}), ${d.primaryAnalysis} at alpha ${d.alpha}, estimand ${d.estimand}`,
    "",
    table(["arm", "n", "mean change", "SD change", "response", "lost diagnosis", "remission", "dropout"], s.arms.map((a) => [a.id, a.n, a.meanChange, a.sdChange, a.responseRate, a.lossOfDiagnosisRate, a.remissionRate, a.dropoutRate])),
    "",
    table(
      ["comparison", "power", "MCSE", "95% CI", "mean difference", "median g", "g 2.5%-97.5%"],
      s.comparisons.map((c) => [`${c.armId} vs ${c.controlArmId}`, c.power.estimate, c.power.mcse, `${formatNumber(c.power.ci[0])}-${formatNumber(c.power.ci[1])}`, c.difference.mean, c.hedgesG.quantiles.p50, `${formatNumber(c.hedgesG.quantiles.p025)} to ${formatNumber(c.hedgesG.quantiles.p975)}`]),
    ),
    "",
    `Power (success rule "${d.success.comparisons}"): ${estimateText(s.power)}`,
    ...abortedLine(run.provenance.aborted, run.provenance.trialsCompleted, run.provenance.trialsRequested),
    run.provenance.disclaimer,
  ].join("\n");
}

function trialsCsv(run: TrialsRun): string {
  const rows = (run.rows ?? []).flatMap((r) =>
    r.comparisons.map((c) => [r.trial, c.armId, c.controlArmId, c.welch?.estimate, c.welch?.p, c.student?.p, c.ancova?.estimate, c.ancova?.p, c.fisherP, c.riskDifference?.rd, c.effectSize?.g, c.primaryP, c.success, r.success]),
  );
  return csv(["trial", "arm", "control", "differenceWelch", "pWelch", "pStudent", "differenceAncova", "pAncova", "pFisher", "riskDifference", "hedgesG", "primaryP", "comparisonSuccess", "trialSuccess"], rows);
}

/** Print a run of trials: JSON (the TrialsRun), CSV (one row per trial and comparison; needs rows) or a table. */
export function printTrialsRun(ctx: CommandContext, run: TrialsRun, format: Format): void {
  if (format === "json") ctx.io.stdout(jsonText(run));
  else if (format === "csv") ctx.io.stdout(trialsCsv(run));
  else ctx.io.stdout(`${trialsTable(run)}\n`);
}

/** Print a forecast: JSON (the ForecastResult) or a table. */
export function printForecast(ctx: CommandContext, f: ForecastResult, format: Format): void {
  if (format === "csv") throw new UsageError("--predictive gives json or table");
  if (format === "json") return void ctx.io.stdout(jsonText(f));
  const q = (d: DistributionSummary) => `${formatNumber(d.quantiles.p50)} (${formatNumber(d.quantiles.p05)} to ${formatNumber(d.quantiles.p95)})`;
  const p = f.predictive.provenance;
  const lines = [
    `${p.protocolId}: forecast over ${p.trialsRequested} trials from the calibration (${p.predictive?.draws} posterior draws, a new trial effect each), n = ${f.predictive.design.totalN}`,
    "",
    `Assurance (success averaged over the uncertainty): ${estimateText(f.assurance)}`,
    `Power at the point estimate (posterior medians, a typical trial): ${estimateText(f.powerAtPointEstimate)}`,
    "",
    table(["arm", "mean change: median (90% of trials)", "response rate: median (90% of trials)"], f.predictive.summary.arms.map((a) => [a.id, q(a.meanChangeDistribution), q(a.responseRateDistribution)])),
    "",
    table(["comparison", "Hedges' g: median (90% of trials)", "difference: median (90%)"], f.predictive.summary.comparisons.map((c) => [`${c.armId} vs ${c.controlArmId}`, q(c.hedgesG), q(c.difference)])),
    ...abortedLine(p.aborted || f.point.provenance.aborted, p.trialsCompleted + f.point.provenance.trialsCompleted, 2 * p.trialsRequested),
    p.disclaimer,
  ];
  ctx.io.stdout(`${lines.join("\n")}\n`);
}

const POINT_HEADER = ["n per arm", "total", "power", "MCSE", "95% CI"];
const pointRow = (p: PowerPoint) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, `${formatNumber(p.power.ci[0])}-${formatNumber(p.power.ci[1])}`];
const pointsCsv = (points: readonly PowerPoint[]) => csv(["nPerArm", "totalN", "power", "mcse", "ciLower", "ciUpper"], points.map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, p.power.ci[0], p.power.ci[1]]));

/** Print a power curve: JSON (the PowerCurveResult), CSV or a table. */
export function printPowerCurve(ctx: CommandContext, r: PowerCurveResult, format: Format): void {
  if (format === "json") return void ctx.io.stdout(jsonText(r));
  if (format === "csv") return void ctx.io.stdout(pointsCsv(r.points));
  const p = r.provenance;
  const lines = [table(POINT_HEADER, r.points.map(pointRow)), "", `${p.protocolId}, seed ${String(p.seed)}, ${p.trialsPerPoint} trials per point.`, ...abortedLine(p.aborted, p.trialsCompleted, p.trialsPerPoint * r.points.length)];
  ctx.io.stdout(`${lines.join("\n")}\n`);
}

/** Print a sample-size search: JSON (the SampleSizeResult), CSV (its evaluations) or a table. */
export function printSampleSize(ctx: CommandContext, r: SampleSizeResult, format: Format): void {
  if (format === "json") return void ctx.io.stdout(jsonText(r));
  if (format === "csv") return void ctx.io.stdout(pointsCsv(r.evaluations));
  const answer = r.provenance.aborted
    ? "Interrupted before the search finished: no answer (the sizes evaluated are above)."
    : r.nPerArm === null
      ? `No n per arm up to the maximum reaches power ${r.targetPower} with confidence.`
      : `Smallest n per arm whose power is at least ${r.targetPower} with 97.5% Monte Carlo confidence: ${r.nPerArm} (point estimate reaches it at ${r.nPerArmPointEstimate ?? "none"}); ${r.trialsPerPoint} trials per point.`;
  ctx.io.stdout(`${[table(POINT_HEADER, [...r.evaluations].sort((a, b) => a.nPerArm - b.nPerArm).map(pointRow)), "", answer].join("\n")}\n`);
}
