/** A check report as plain text or Markdown (numbers by the one formatter, src/format.ts). */
import { formatNumber as num } from "../format.js";
import type { CheckReport, ReportedDesignAnalysis } from "./types.js";

const MARK: Record<string, string> = { pass: "pass", warn: "WARN", fail: "FAIL", skipped: "skip" };

const BASIS: Record<ReportedDesignAnalysis["basis"], string> = { "assumed-effect": "at the assumed effect", "typical-trial": "typical trial", forecast: "over the forecast (assurance)" };

/** One line per design analysis: which one it is, the true effect and power, Type S and Type M (or why they are undefined). */
function designAnalysisLines(report: CheckReport, withSource: boolean): string[] {
  const analyses = [report.designAnalysis, report.forecastDesignAnalysis].filter((d): d is ReportedDesignAnalysis => d !== null);
  return analyses.map((d) => {
    const effect = d.basis === "forecast" ? "mean true effect" : "true effect";
    const source = withSource ? `; true effect from ${d.source}` : "";
    const typeS = d.typeS === null ? "undefined" : num(d.typeS);
    const typeM = d.typeM === null ? `undefined (${d.nullReasons?.typeM ?? "no true effect"})` : num(d.typeM);
    return `Design analysis, ${BASIS[d.basis]} (${d.metric}${source}): ${effect} ${num(d.trueEffect)}, SE ${num(d.se)}, power ${num(d.power)}, Type S ${typeS}, Type M ${typeM}.`;
  });
}

/**
 * What an interrupted check holds, in a sentence (null when it was not interrupted): which rows
 * use fewer simulated trials than asked, or that none were completed.
 */
export function interruptionNote(report: CheckReport): string | null {
  if (!report.aborted) return null;
  const s = report.simulation;
  if (!s) return "Interrupted before any simulated trial was completed: the rows do not compare with simulated trials.";
  return `Interrupted: the comparison with simulated trials uses only the trials completed (${s.trialsCompleted.forecast} of ${s.trials} forecast trials, ${s.trialsCompleted.point} of ${s.trials} typical trials).`;
}

/** A check report as plain text: one line per row, the design analyses, what an interruption left out, the disclaimer. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [`${report.title ?? report.id}`, ""];
  for (const c of report.checks) lines.push(`[${MARK[c.status]}] ${c.id}: ${c.message}`);
  const analyses = designAnalysisLines(report, false);
  if (analyses.length) lines.push("", ...analyses);
  const note = interruptionNote(report);
  if (note) lines.push("", note);
  lines.push("", report.disclaimer);
  return lines.join("\n");
}

/** A check report as a Markdown table of its rows, followed by the design analyses. */
export function markdownCheckReport(report: CheckReport): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`### ${report.title ?? report.id}`, "", "| check | status | finding |", "| --- | --- | --- |"];
  for (const c of report.checks) lines.push(`| \`${c.id}\` | ${c.status} | ${escape(c.message)} |`);
  const analyses = designAnalysisLines(report, true);
  if (analyses.length) lines.push("", ...analyses);
  const note = interruptionNote(report);
  if (note) lines.push("", `**${note}**`);
  return lines.join("\n");
}
