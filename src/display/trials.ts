/** Summaries of many trials: a run, a forecast, a power curve and a sample-size search. */
import type { TrialsRun } from "../trial/api.js";
import type { PowerPoint, SampleSizeResult } from "../trial/power-search.js";
import type { ForecastResult } from "../calibration/forecast.js";
import { formatNumber } from "../format.js";
import type { DisplayTable } from "./table.js";
import { FULL_DATA_NOTE, proportionText, rangeText, seedText, type DisplaySummary } from "./summary.js";

function armTable(run: TrialsRun): DisplayTable {
  return {
    caption: "Arms (means over simulated trials):",
    header: ["arm", "n", "mean change", "SD change", "response", "lost diagnosis", "remission", "dropout"],
    rows: run.summary.arms.map((a) => [a.id, a.n, a.meanChange, a.sdChange, a.responseRate, a.lossOfDiagnosisRate, a.remissionRate, a.dropoutRate]),
  };
}

function comparisonTable(runs: readonly { readonly name?: string; readonly run: TrialsRun }[]): DisplayTable {
  const named = runs.some((r) => r.name);
  return {
    caption: "Comparisons (treated − control; negative favours treatment):",
    header: [...(named ? ["run"] : []), "comparison", "P(success)", "MCSE", "mean difference", "median g", "g 2.5% to 97.5%"],
    rows: runs.flatMap((r) =>
      r.run.summary.comparisons.map((c) => [...(named ? [r.name ?? ""] : []), `${c.armId} vs ${c.controlArmId}`, c.power.estimate, c.power.mcse, c.difference.mean, c.hedgesG.quantiles.p50, rangeText(c.hedgesG.quantiles.p025, c.hedgesG.quantiles.p975)]),
    ),
  };
}

function provenanceNote(run: TrialsRun): string {
  const p = run.provenance;
  return `mdma-trial-sim ${p.version}; protocol ${p.protocolId ?? "?"} (${p.protocolHash ?? "?"}), design ${p.designHash ?? "?"}; chunk size ${p.chunkSize}.`;
}

/** A run of many trials: design, power with its Monte Carlo error, arms and comparisons. */
export function trialsSummary(run: TrialsRun): DisplaySummary {
  const p = run.provenance;
  const d = run.design;
  const sizes = Object.entries(d.armSizes).map(([id, n]) => `${id} ${n}`).join(", ");
  const stopped = p.aborted ? " (stopped early)" : "";
  return {
    title: `Trials run: ${p.protocolId ?? "protocol"}, ${p.trialsCompleted} of ${p.trialsRequested} trials${stopped}, seed ${seedText(p.seed)}`,
    lines: [
      `n = ${d.totalN} (${sizes}); ${d.primaryAnalysis} at alpha ${formatNumber(d.alpha)}; endpoint ${d.endpointId}; success rule "${d.success.comparisons}"${d.trialHeterogeneity ? "; trials differ (heterogeneity)" : ""}`,
      `Power: ${proportionText(run.summary.power, d.confLevel)}`,
    ],
    tables: [armTable(run), comparisonTable([{ run }])],
    notes: [...(run.rows ? [`${run.rows.length} trial results in .rows (not shown).`] : []), provenanceNote(run), FULL_DATA_NOTE, p.disclaimer],
  };
}

/** A forecast: assurance next to power at the point estimate, and both runs' comparisons. */
export function forecastSummary(f: ForecastResult): DisplaySummary {
  const p = f.predictive.provenance;
  const conf = f.predictive.design.confLevel;
  return {
    title: `Forecast: ${p.protocolId ?? "protocol"}, ${p.trialsCompleted} trials per run, seed ${seedText(p.seed)}${p.predictive ? `, calibrated draws from ${p.predictive.source}` : ""}`,
    lines: [`Assurance (success over the calibrated uncertainty): ${proportionText(f.assurance, conf)}`, `Power at the point estimate (a typical trial): ${proportionText(f.powerAtPointEstimate, conf)}`],
    tables: [comparisonTable([{ name: "assurance", run: f.predictive }, { name: "point estimate", run: f.point }])],
    notes: ["The two runs are in .predictive and .point (each displays its own summary).", provenanceNote(f.predictive), FULL_DATA_NOTE, p.disclaimer],
  };
}

function powerTable(points: readonly PowerPoint[]): DisplayTable {
  return {
    header: ["n per arm", "total n", "power", "MCSE", "Monte Carlo CI (design's confLevel)"],
    rows: [...points].sort((a, b) => a.nPerArm - b.nPerArm).map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, rangeText(p.power.ci[0], p.power.ci[1])]),
  };
}

/** Power at each sample size. */
export function powerSummary(points: readonly PowerPoint[]): DisplaySummary {
  const first = points[0];
  return {
    title: `Power curve: ${points.length} sample sizes${first ? `, ${first.power.trials} trials each, seed ${seedText(first.provenanceSeed)}` : ""}`,
    lines: [],
    tables: [powerTable(points)],
    notes: ["Every size uses the same seed (common random numbers); a nested curve simulates each trial once, at the largest size, and analyses it at every size.", FULL_DATA_NOTE],
  };
}

/** A sample-size search: the n chosen, the point-estimate answer, and every size tried. */
export function sampleSizeSummary(s: SampleSizeResult): DisplaySummary {
  const first = s.evaluations[0];
  return {
    title: `Sample-size search: target power ${formatNumber(s.targetPower)}, ${s.trialsPerPoint} trials per size${first ? `, seed ${seedText(first.provenanceSeed)}` : ""}`,
    lines: [
      `Smallest n per arm whose Monte Carlo interval's lower bound (the design's confLevel) reaches the target: ${s.nPerArm ?? "not reached"}`,
      `Smallest n per arm whose point estimate reaches it: ${s.nPerArmPointEstimate ?? "not reached"}`,
    ],
    tables: [{ ...powerTable(s.evaluations), caption: "Sizes tried:" }],
    notes: [FULL_DATA_NOTE],
  };
}
