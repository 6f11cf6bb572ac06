/**
 * Tables for display: the same rows as aligned plain text (no ANSI codes) or as an HTML table.
 * Numbers go through the one number formatter; long tables are cut with a line saying how many
 * rows were left out, so a summary stays tens of lines whatever the result holds.
 */
import { formatNumber } from "../format.js";

export interface DisplayTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** A line above the table (what it shows). */
  readonly caption?: string;
}

/** Most rows a displayed table shows; the rest are counted, not printed. */
export const MAX_TABLE_ROWS = 12;

const cell = (v: unknown): string => formatNumber(v);

/** The rows shown and a note on those left out (null when none were). */
function shownRows(t: DisplayTable): { rows: readonly (readonly unknown[])[]; more: string | null } {
  if (t.rows.length <= MAX_TABLE_ROWS) return { rows: t.rows, more: null };
  return { rows: t.rows.slice(0, MAX_TABLE_ROWS), more: `... ${t.rows.length - MAX_TABLE_ROWS} more rows (${t.rows.length} in all)` };
}

/** An aligned plain-text table: numbers right-aligned, text left-aligned, at most MAX_TABLE_ROWS rows. */
export function textTable(t: DisplayTable): string {
  const { rows, more } = shownRows(t);
  const cells = rows.map((r) => t.header.map((_, i) => cell(r[i])));
  const widths = t.header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const numeric = t.header.map((_, i) => rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === "number"));
  const line = (r: readonly string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [...(t.caption ? [t.caption] : []), line(t.header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), ...(more ? [more] : [])].join("\n");
}

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** An HTML table (escaped; numbers right-aligned), at most MAX_TABLE_ROWS rows. */
export function htmlTable(t: DisplayTable): string {
  const { rows, more } = shownRows(t);
  const align = (v: unknown) => (typeof v === "number" ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = `<thead><tr>${t.header.map((h) => `<th style="text-align:left">${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${t.header.map((_, i) => `<td${align(r[i])}>${escapeHtml(cell(r[i]))}</td>`).join("")}</tr>`).join("")}</tbody>`;
  const caption = t.caption ? `<caption style="text-align:left">${escapeHtml(t.caption)}</caption>` : "";
  return `<table>${caption}${head}${body}</table>${more ? `<p><small>${escapeHtml(more)}</small></p>` : ""}`;
}
