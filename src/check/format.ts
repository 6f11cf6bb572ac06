/** A check report as plain text or Markdown. */
import { fmt as num, type CheckReport } from "./check.js";

const mark: Record<string, string> = { pass: "pass", warn: "WARN", fail: "FAIL", skipped: "skip" };

/** A check report as plain text: one line per check, then the design analysis and the disclaimer. */
export function formatCheckReport(r: CheckReport): string {
  const lines = [`${r.title ?? r.id}`, ""];
  for (const c of r.checks) lines.push(`[${mark[c.status]}] ${c.id}: ${c.message}`);
  if (r.designAnalysis) {
    const d = r.designAnalysis;
    lines.push("", `Design analysis (${d.metric}): true effect ${num(d.trueEffect)}, SE ${num(d.se)}: power ${num(d.power)}, Type S ${num(d.typeS)}, Type M ${num(d.typeM)}.`);
  }
  lines.push("", r.disclaimer);
  return lines.join("\n");
}

/** A check report as a Markdown table of checks, with the design analysis below it. */
export function markdownCheckReport(r: CheckReport): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`### ${r.title ?? r.id}`, "", "| check | status | finding |", "| --- | --- | --- |"];
  for (const c of r.checks) lines.push(`| \`${c.id}\` | ${c.status} | ${esc(c.message)} |`);
  if (r.designAnalysis) {
    const d = r.designAnalysis;
    lines.push("", `Design analysis (${d.metric}; true effect from ${d.source}): true effect ${num(d.trueEffect)}, SE ${num(d.se)}, power ${num(d.power)}, Type S ${num(d.typeS)}, Type M ${num(d.typeM)}.`);
  }
  return lines.join("\n");
}
