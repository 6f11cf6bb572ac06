/** Summaries of a calibration and of a published-result check. */
import type { CalibrationSummary } from "../calibration/calibrate.js";
import type { CheckReport } from "../check/check.js";
import { interruptionNote } from "../check/format.js";
import { formatNumber } from "../format.js";
import type { DisplayTable } from "./table.js";
import { FULL_DATA_NOTE, rangeText, seedText, type DisplaySummary } from "./summary.js";

/** A calibration: the posterior of each parameter, convergence, the fit and the leave-one-out forecasts. */
export function calibrationDisplaySummary(c: CalibrationSummary): DisplaySummary {
  const inside = c.fit.filter((f) => f.inside).length;
  const d = c.diagnostics;
  const parameters: DisplayTable = {
    caption: "Calibrated parameters (posterior median and 90% interval):",
    header: ["parameter", "median", "5% to 95%", "R-hat", "ESS"],
    rows: c.parameters.map((p) => [p.key, p.median, rangeText(p.q05, p.q95), p.rhat, p.ess]),
  };
  const loo: DisplayTable = {
    caption: "Leave-one-trial-out forecasts:",
    header: ["trial", "result", "published", "forecast median", "5% to 95%", "percentile"],
    rows: c.leaveOneOut.map((r) => [r.trial, r.result, r.published, r.forecastMedian, rangeText(r.p05, r.p95), r.percentile]),
  };
  return {
    title: `Calibration to ${c.targets.trials.length} trials (${c.targets.trials.join(", ")}), seed ${seedText(c.seed)}`,
    lines: [
      `${d.draws} posterior draws; max R-hat ${formatNumber(d.maxRhat)}, min ESS ${formatNumber(d.minEss)}.`,
      `Fit: ${inside} of ${c.fit.length} published figures within the simulated 5-95% range.`,
    ],
    tables: c.leaveOneOut.length ? [parameters, loo] : [parameters],
    notes: [`${"draws" in c && Array.isArray(c.draws) ? "Posterior draws in .draws, the" : "The"} fit table in .fit (${c.fit.length} rows; not shown).`, FULL_DATA_NOTE],
  };
}

const ORDER = { fail: 0, warn: 1, pass: 2, skipped: 3 } as const;

/** A published-result check: verdict counts, the failures and warnings in full, and every check's verdict. */
export function checkSummary(r: CheckReport): DisplaySummary {
  const counts = (["fail", "warn", "pass", "skipped"] as const).map((s) => `${r.checks.filter((c) => c.status === s).length} ${s}`).join(", ");
  const flagged = r.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => `${c.status.toUpperCase()} ${c.id}: ${c.message}`);
  const lines = [`Checks: ${counts}.`, ...flagged];
  const s = r.simulation;
  if (s) lines.push(`Simulation (${s.preset}, ${s.trials} trials, seed ${seedText(s.seed)}): published g ${formatNumber(s.publishedG)} at percentile ${formatNumber(s.percentile)}; power ${formatNumber(s.power)}, assurance ${formatNumber(s.assurance)}.`);
  if (r.designAnalysis) lines.push(`Design analysis: power ${formatNumber(r.designAnalysis.power)}, Type S ${formatNumber(r.designAnalysis.typeS)}, Type M ${formatNumber(r.designAnalysis.typeM)}.`);
  const interrupted = interruptionNote(r);
  if (interrupted) lines.push(interrupted);
  const sorted = [...r.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return {
    title: `Check: ${r.title ?? r.id}`,
    lines,
    tables: [{ caption: "Every check (failures first):", header: ["verdict", "check"], rows: sorted.map((c) => [c.status, c.id]) }],
    notes: ["Each check's reasoning and numbers are in .checks.", r.disclaimer],
  };
}
