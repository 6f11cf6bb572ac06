/**
 * Reports as files: gather a result's report (src/report), render its charts to inline SVG
 * offline (vega, no browser, nothing fetched) and write one self-contained HTML file.
 */
import { writeFileSync } from "node:fs";
import { reportContent, reportHtml, type ReportContext, type ReportSource } from "../report/index.js";
import { renderChartsSvg, type RenderOptions } from "./render.js";

export interface ReportOptions extends Partial<ReportContext>, RenderOptions {}

/**
 * A report on a result as one HTML document (a string): charts as inline SVG, the summary,
 * the protocol timeline, the parameter table, provenance and the disclaimer. `date` defaults
 * to now (ISO 8601); pass it to get the same document from the same inputs.
 */
export async function renderReport(source: ReportSource, options: ReportOptions = {}): Promise<string> {
  const { onWarning, ...context } = options;
  const content = reportContent(source, { ...context, date: context.date ?? new Date().toISOString() });
  const charts = await renderChartsSvg(content.charts, onWarning ? { onWarning } : {});
  return reportHtml({ ...content, charts });
}

/** Write `renderReport`'s document to `path` (UTF-8); returns its size in bytes. */
export async function writeReport(path: string, source: ReportSource, options: ReportOptions = {}): Promise<number> {
  const html = await renderReport(source, options);
  writeFileSync(path, html, "utf8");
  return Buffer.byteLength(html, "utf8");
}
