/**
 * A published-result check as a picture: for every check that compares a recomputed figure with
 * a reported one, the reported value, what the published summaries give (with the range their
 * rounding allows when the check computed it), and the verdict; one panel per kind of quantity
 * (p-values on a log scale, percentages, SDs, scale points, effect sizes). With a simulation,
 * the published effect is placed among simulated trials of the design.
 */
import type { CheckReport, CheckRow } from "../check/check.js";
import { OKABE_ITO, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/** One reported figure against its recomputation. */
export interface CheckFigure {
  readonly check: string;
  readonly status: CheckRow["status"];
  readonly quantity: CheckQuantity;
  readonly reported: number;
  readonly recomputed: number;
  /** Range the recomputation allows over the rounding of the published figures (when known). */
  readonly low?: number;
  readonly high?: number;
}

/**
 * The kind of figure a CheckFigure compares; charts.check draws one panel per kind (p-values on a
 * log scale, percentages, SDs, mean scores in scale points, effect sizes as magnitudes).
 */
export type CheckQuantity = "p-value" | "percent" | "SD" | "points" | "effect size";

/** A row's values as numbers (others dropped). */
function nums(row: CheckRow): Record<string, number> {
  return Object.fromEntries(Object.entries(row.values ?? {}).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

/** Half a unit of the last decimal written (the rounding of a reported figure). */
function halfUnit(x: number): number {
  const text = String(x);
  const decimals = /e/i.test(text) ? 0 : (text.split(".")[1]?.length ?? 0);
  return 0.5 * 10 ** -decimals;
}

/** The figures a row compares, by the shape of its values (rows that compare nothing give none). */
export function figuresOf(row: CheckRow): CheckFigure[] {
  const v = nums(row);
  const base = { check: row.id, status: row.status };
  const out: CheckFigure[] = [];
  if (v.reportedP !== undefined && v.p !== undefined) out.push({ ...base, quantity: "p-value", reported: v.reportedP, recomputed: v.p, ...(v.pLow !== undefined && v.pHigh !== undefined ? { low: v.pLow, high: v.pHigh } : {}) });
  if (v.percent !== undefined && v.count !== undefined && v.n) {
    const h = halfUnit(v.percent);
    out.push({ ...base, quantity: "percent", reported: v.percent, recomputed: (100 * v.count) / v.n, low: v.percent - h, high: v.percent + h });
  }
  if (v.impliedSd !== undefined && v.sd !== undefined) out.push({ ...base, quantity: "SD", reported: v.sd, recomputed: v.impliedSd });
  if (v.endpoint !== undefined && v.baseline !== undefined && v.change !== undefined) out.push({ ...base, quantity: "points", reported: v.endpoint, recomputed: v.baseline + v.change });
  if (v.reported !== undefined && (v.d !== undefined || v.g !== undefined)) {
    // Papers differ in the sign convention of an effect size, so magnitudes are compared.
    out.push({ ...base, quantity: "effect size", reported: Math.abs(v.reported), recomputed: Math.abs(v.d ?? v.g!), ...(v.d !== undefined && v.g !== undefined ? { low: Math.min(Math.abs(v.d), Math.abs(v.g)), high: Math.max(Math.abs(v.d), Math.abs(v.g)) } : {}) });
  }
  return out;
}

const PANELS: readonly { quantity: CheckQuantity; title: string; log?: boolean }[] = [
  { quantity: "p-value", title: "p-value (log scale)", log: true },
  { quantity: "percent", title: "Percentage (%)" },
  { quantity: "SD", title: "Standard deviation (scale points)" },
  { quantity: "points", title: "Mean score (scale points)" },
  { quantity: "effect size", title: "Effect size |d| (range to |g|)" },
];

const statusColour = { field: "status", type: "nominal", title: "Verdict", scale: { domain: ["pass", "warn", "fail", "skipped"], range: [OKABE_ITO.bluishGreen, OKABE_ITO.orange, OKABE_ITO.vermillion, OKABE_ITO.grey] } };

function figurePanel(rows: readonly Record<string, unknown>[], panel: (typeof PANELS)[number]): Record<string, unknown> {
  const scale = panel.log ? { type: "log" } : { zero: false };
  const y = { field: "check", type: "nominal", title: null, sort: null };
  const tooltip = [{ field: "check", title: "check" }, { field: "status", title: "verdict" }, numberTip("reported", "reported"), numberTip("recomputed", "recomputed"), { field: "range", title: "range over rounding" }];
  const mine = rows.filter((r) => r.quantity === panel.quantity);
  const range = { transform: [{ filter: "isValid(datum.low)" }], mark: { type: "rule", strokeWidth: 6, opacity: 0.35 }, encoding: { x: { field: "low", type: "quantitative", title: panel.title, scale }, x2: { field: "high" }, y, color: statusColour, tooltip } };
  return {
    width: 420,
    height: { step: 20 },
    data: { values: mine },
    layer: [
      ...(mine.some((r) => r.low !== undefined) ? [range] : []),
      { mark: { type: "point", filled: true, size: 60 }, encoding: { x: { field: "recomputed", type: "quantitative", title: panel.title, scale }, y, color: statusColour, tooltip } },
      { mark: { type: "tick", thickness: 2, size: 16, color: OKABE_ITO.black }, encoding: { x: { field: "reported", type: "quantitative", title: panel.title, scale }, y, tooltip } },
    ],
  };
}

/** The simulation comparison: the published g among simulated trials' 5-95% (null without one). */
function simulationPanel(report: CheckReport): Record<string, unknown> | null {
  const s = report.simulation;
  if (!s || !s.simulatedG) return null;
  const row = { check: s.comparison, p05: sig(s.simulatedG.p05), p50: sig(s.simulatedG.p50), p95: sig(s.simulatedG.p95), published: sig(s.publishedG), percentile: s.percentile };
  const x = (field: string) => ({ field, type: "quantitative", title: "Hedges' g: simulated trials' 5-95% and median (blue), published (red)" });
  const y = { field: "check", type: "nominal", title: null };
  const tooltip = [numberTip("published", "published g"), numberTip("p05", "simulated 5%"), numberTip("p50", "simulated median"), numberTip("p95", "simulated 95%"), numberTip("percentile", "percentile")];
  return {
    width: 420,
    height: { step: 24 },
    data: { values: [row] },
    layer: [
      { mark: { type: "rule", strokeWidth: 2, color: OKABE_ITO.blue }, encoding: { x: x("p05"), x2: { field: "p95" }, y, tooltip } },
      { mark: { type: "tick", thickness: 2, size: 16, color: OKABE_ITO.blue }, encoding: { x: x("p50"), y, tooltip } },
      { mark: { type: "point", shape: "diamond", filled: true, size: 80, color: OKABE_ITO.vermillion }, encoding: { x: x("published"), y, tooltip } },
    ],
  };
}

/**
 * Figures of every row. When the paper does not say which t test it used, the Welch and Student
 * rows carry no verdict of their own (a joint `t-test:<arm>` row does): their figures take it.
 */
export function checkFigures(report: CheckReport): CheckFigure[] {
  const status = new Map(report.checks.map((c) => [c.id, c.status]));
  return report.checks.flatMap(figuresOf).map((f) => {
    const joint = /^(welch|student):(.+)$/.exec(f.check);
    const verdict = joint ? status.get(`t-test:${joint[2]}`) : undefined;
    return verdict ? { ...f, status: verdict } : f;
  });
}

/** Reported against recomputed figures (with the range rounding allows), one panel per quantity, and the simulation comparison. */
export function checkChart(report: CheckReport, options: { readonly title?: string; readonly caption?: CaptionFacts } = {}): ChartSpec {
  const rows = checkFigures(report).map((f) => ({ ...f, reported: sig(f.reported), recomputed: sig(f.recomputed), ...(f.low !== undefined ? { low: sig(f.low), high: sig(f.high!), range: `${sig(f.low, 3)} to ${sig(f.high!, 3)}` } : { range: "not computed" }) }));
  const panels = PANELS.filter((p) => rows.some((r) => r.quantity === p.quantity)).map((p) => figurePanel(rows, p));
  const sim = simulationPanel(report);
  if (sim) panels.push(sim);
  const counts = ["pass", "warn", "fail", "skipped"].map((s) => `${report.checks.filter((c) => c.status === s).length} ${s}`).join(", ");
  const facts: CaptionFacts = {
    ...(report.simulation ? { seed: report.simulation.seed, trials: report.simulation.trials, protocolId: report.simulation.preset } : {}),
    note: `Checks: ${counts}. Black tick: reported; dot: recomputed from the published summaries (bar: range over their rounding).`,
    ...options.caption,
  };
  const empty = { width: 420, height: 40, data: { values: [{ text: "No check compares a reported figure with a recomputed one." }] }, mark: { type: "text", align: "left", x: 0 }, encoding: { text: { field: "text" } } };
  return chart(options.title ?? `Check: ${report.title ?? report.id}`, facts, { vconcat: panels.length ? panels : [empty], spacing: 14, resolve: { scale: { x: "independent" } } });
}
