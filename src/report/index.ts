/**
 * Reports: one self-contained HTML file for a simulation, a forecast, a power analysis or a
 * check. `reportContent(source, context)` gathers what a report shows (charts as Vega-Lite
 * specs); render the charts to SVG (`renderChartsSvg` in mdma-trial-sim/node, or vega in a
 * page) and `reportHtml(parts)` assembles the document. Browser-safe.
 */
export { reportContent, reportParameterRows, REPORT_KINDS } from "./content.js";
export type { ReportContent, ReportContext, ReportKind, ReportParameterRow, ReportProvenance, ReportSource } from "./content.js";
export { reportHtml, chartElementId, REPORT_CSP, REPORT_DISCLAIMER } from "./html.js";
export type { RenderedChart, ReportParts } from "./html.js";
export { runTrajectories, runVisitRows } from "./trajectories.js";
export type { RunTrajectoriesOptions, RunVisitRow } from "./trajectories.js";
