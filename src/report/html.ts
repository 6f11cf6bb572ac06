/**
 * One self-contained HTML document from a report's parts: the charts as inline SVG, the summary,
 * the protocol timeline, the parameter table, provenance and the disclaimer. Nothing is loaded
 * from anywhere: styles are inline, there is no script, and a Content-Security-Policy forbids
 * every request, so opening the file makes no network request even if something slipped in.
 * Browser-safe (plain strings).
 */
import { escapeHtml } from "../display/table.js";
import { formatNumber } from "../format.js";
import { DISCLAIMER } from "../trial/api.js";
import type { ReportContent, ReportParameterRow, ReportProvenance } from "./content.js";

/** A chart rendered to SVG markup (what `renderChartsSvg` in mdma-trial-sim/node returns). */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
}

/** A report ready to assemble: its content with the charts rendered. */
export interface ReportParts extends Omit<ReportContent, "charts"> {
  readonly charts: readonly RenderedChart[];
}

/** The policy every report carries: no request of any kind; inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The report's disclaimer, stated at the top and the bottom. */
export const REPORT_DISCLAIMER = DISCLAIMER;

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: 0.3rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
.disclaimer { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.5rem 0.8rem; }
nav ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
figure.chart { margin: 1rem 0; overflow-x: auto; } figure.chart figcaption { font-size: 0.85rem; color: #444; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.85rem; } th, td { border-bottom: 1px solid #e5e5e5; padding: 0.2rem 0.5rem; vertical-align: top; }
th { background: #f5f5f5; } caption { font-weight: bold; padding: 0.3rem 0; }
pre { background: #f7f7f7; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .changed { font-weight: bold; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #444; }
`;

/** The id a chart's figure gets (letters, digits and dashes only). */
export const chartElementId = (id: string): string => `chart-${id.replace(/[^A-Za-z0-9-]/g, "-")}`;

function chartsSection(charts: readonly RenderedChart[]): string {
  if (charts.length === 0) return "";
  const figures = charts.map((c) => `<figure class="chart" id="${chartElementId(c.id)}" data-chart-id="${escapeHtml(c.id)}">\n${c.svg}\n<figcaption>${escapeHtml(c.title)}</figcaption>\n</figure>`);
  return `<section id="charts"><h2>Charts</h2>\n${figures.join("\n")}\n</section>`;
}

function parameterSection(rows: readonly ReportParameterRow[]): string {
  const head = "<tr><th>parameter</th><th>value</th><th>unit</th><th>status</th><th>meaning</th><th>source</th></tr>";
  const body = rows.map((r) => {
    const changed = r.value !== r.default ? ` class="num changed" title="default ${escapeHtml(formatNumber(r.default, 4))}"` : ' class="num"';
    return `<tr><td><code>${escapeHtml(r.key)}</code></td><td${changed}>${escapeHtml(formatNumber(r.value, 4))}</td><td>${escapeHtml(r.unit)}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.description)}</td><td>${escapeHtml(r.source)}</td></tr>`;
  });
  return `<section id="parameters"><h2>Parameters</h2>\n<p>Every number the model uses, with its unit and source (values in bold differ from the default).</p>\n<table><thead>${head}</thead><tbody>\n${body.join("\n")}\n</tbody></table>\n</section>`;
}

function provenanceSection(p: ReportProvenance): string {
  const seed = p.seed === null ? null : typeof p.seed === "number" || typeof p.seed === "string" ? String(p.seed) : JSON.stringify(p.seed);
  const rows: [string, string | number | null][] = [
    ["library", `mdma-trial-sim ${p.version}`],
    ["seed", seed],
    ["simulated trials", p.trials],
    ["protocol", p.protocolId],
    ["protocol hash", p.protocolHash],
    ["design hash", p.designHash],
    ["parameter draws", p.source],
    ["command", p.command],
    ["made on", p.date],
  ];
  const body = rows.filter(([, v]) => v !== null).map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(String(v))}</code></td></tr>`);
  return `<section id="provenance"><h2>Provenance</h2>\n<p>The same version, seed, protocol and design give the same numbers, bit for bit.</p>\n<table>${body.join("")}</table>\n</section>`;
}

function navigation(parts: ReportParts): string {
  const links: [string, string][] = [["summary", "Summary"]];
  if (parts.charts.length) links.push(["charts", "Charts"]);
  if (parts.timeline !== null) links.push(["timeline", "Protocol timeline"]);
  links.push(["parameters", "Parameters"], ["provenance", "Provenance"]);
  return `<nav><ul>${links.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join("")}</ul></nav>`;
}

/** The whole report as one HTML document (UTF-8, no script, no external resource). */
export function reportHtml(parts: ReportParts): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="mdma-trial-sim ${escapeHtml(parts.provenance.version)}">`,
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    `<body data-report-kind="${parts.kind}">`,
    `<header><h1>${escapeHtml(parts.title)}</h1><p class="disclaimer">${escapeHtml(REPORT_DISCLAIMER)}</p></header>`,
    navigation(parts),
    `<section id="summary"><h2>Summary</h2>\n${parts.summaryHtml}\n</section>`,
    chartsSection(parts.charts),
    parts.timeline === null ? "" : `<section id="timeline"><h2>Protocol timeline</h2>\n<pre>${escapeHtml(parts.timeline)}</pre>\n</section>`,
    parameterSection(parts.parameters),
    provenanceSection(parts.provenance),
    `<footer><p>${escapeHtml(REPORT_DISCLAIMER)}</p></footer>`,
    "</body>",
    "</html>",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
