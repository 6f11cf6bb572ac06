/**
 * Notebook and console display of results: `withDisplay(result, kind)` and the summaries behind
 * it (plain text without ANSI codes, HTML tables). Browser-safe.
 */
export { withDisplay, displaySummary, summaryText, summaryHtml, mimeBundle, DISPLAY_KINDS } from "./display.js";
export type { DisplayKind, DisplaySources } from "./display.js";
export type { DisplaySummary } from "./summary.js";
export { textTable, htmlTable, escapeHtml, MAX_TABLE_ROWS } from "./table.js";
export type { DisplayTable } from "./table.js";
