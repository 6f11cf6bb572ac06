/**
 * The distribution over simulated trials of the estimated effect (Hedges' g, or the difference in
 * mean change), as one trial of the design would show it. From a forecast, the predictive run
 * (the calibrated uncertainty, which gives the assurance) and the run at the point estimate are
 * overlaid. With every trial's result kept (rows) it is a histogram; without, the summary's
 * quantiles are drawn as intervals. A published value is marked when given.
 */
import type { TrialsRun } from "../trial/api.js";
import type { DistributionSummary } from "../trial/summary.js";
import type { ForecastResult } from "../calibration/forecast.js";
import { OKABE_ITO, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/**
 * Which estimated effect an effect chart draws: "g" (Hedges' g, treated − control) or "difference"
 * (treated − control difference in mean change, scale points).
 */
export type EffectMeasure = "g" | "difference";

/**
 * Options of charts.effectDistribution: which effect to draw, published values to mark, the number
 * of histogram bins, the title and caption facts.
 */
export interface EffectDistributionOptions {
  /** "g" (Hedges' g, default) or "difference" (treated − control mean change, scale points). */
  readonly measure?: EffectMeasure;
  /** Published value to mark: one number, or one per compared arm id. */
  readonly published?: number | Readonly<Record<string, number>>;
  /** Histogram bins across the range (default 40). */
  readonly bins?: number;
  readonly title?: string;
  readonly caption?: CaptionFacts;
}

/** A run to draw, with its name in the legend. */
interface NamedRun {
  readonly name: string;
  readonly run: TrialsRun;
}

const isForecast = (s: TrialsRun | ForecastResult): s is ForecastResult => "predictive" in s && "point" in s;

/** The runs a source holds: a forecast's two, or one plain run. */
export function runsOf(source: TrialsRun | ForecastResult): NamedRun[] {
  if (!isForecast(source)) return [{ name: "Simulated trials", run: source }];
  return [
    { name: "Calibrated uncertainty (assurance)", run: source.predictive },
    { name: "Point estimate (power)", run: source.point },
  ];
}

const AXIS_TITLE: Record<EffectMeasure, string> = {
  g: "Hedges' g, treated − control (negative favours treatment)",
  difference: "Difference in mean change, treated − control (scale points)",
};

/** Every trial's estimate for each comparison of a run (empty without rows). */
function estimates(run: TrialsRun, measure: EffectMeasure): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const row of run.rows ?? []) {
    for (const c of row.comparisons) {
      const v = measure === "g" ? c.effectSize?.g : c.welch?.estimate;
      if (v === undefined || v === null || !Number.isFinite(v)) continue;
      const key = `${c.armId} vs ${c.controlArmId}`;
      const list = out.get(key) ?? [];
      list.push(v);
      out.set(key, list);
    }
  }
  return out;
}

/** Equal-width bins over [lo, hi]: share of the source's trials in each. */
function histogramRows(values: readonly number[], lo: number, width: number, bins: number, base: Record<string, string>): Record<string, unknown>[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]! += 1;
  return counts.map((count, k) => ({ ...base, kind: "bin", binStart: sig(lo + k * width), binEnd: sig(lo + (k + 1) * width), count, share: sig(count / values.length) }));
}

/** Histogram rows of every run and comparison on a common grid of bins. */
export function effectHistogramRows(runs: readonly NamedRun[], measure: EffectMeasure, bins = 40): Record<string, unknown>[] {
  const perRun = runs.map((r) => ({ name: r.name, byComparison: estimates(r.run, measure) }));
  const all = perRun.flatMap((r) => [...r.byComparison.values()].flat());
  if (all.length === 0) return [];
  const lo = all.reduce((a, b) => Math.min(a, b));
  const hi = all.reduce((a, b) => Math.max(a, b));
  const width = hi > lo ? (hi - lo) / bins : 1;
  return perRun.flatMap((r) => [...r.byComparison].flatMap(([comparison, values]) => histogramRows(values, lo, width, bins, { source: r.name, comparison })));
}

/** Quantile rows (2.5, 25, 50, 75 and 97.5%) of every run and comparison, from the summaries. */
export function effectQuantileRows(runs: readonly NamedRun[], measure: EffectMeasure): Record<string, unknown>[] {
  return runs.flatMap((r) =>
    r.run.summary.comparisons.map((c) => {
      const d: DistributionSummary = measure === "g" ? c.hedgesG : c.difference;
      const q = d.quantiles;
      return { source: r.name, comparison: `${c.armId} vs ${c.controlArmId}`, kind: "quantiles", p025: q.p025, p25: q.p25, p50: q.p50, p75: q.p75, p975: q.p975, mean: d.mean };
    }),
  );
}

/** Rows marking published values, one per comparison that has one. */
function publishedRows(runs: readonly NamedRun[], published: EffectDistributionOptions["published"]): Record<string, unknown>[] {
  if (published === undefined) return [];
  const comparisons = runs[0]?.run.summary.comparisons ?? [];
  return comparisons.flatMap((c) => {
    const v = typeof published === "number" ? published : published[c.armId];
    return v === undefined ? [] : [{ kind: "published", comparison: `${c.armId} vs ${c.controlArmId}`, published: v, label: `published ${sig(v, 3)}` }];
  });
}

const sourceColour = (names: readonly string[]) => ({ field: "source", type: "nominal", title: null, scale: { domain: names, range: [OKABE_ITO.blue, OKABE_ITO.orange] } });
const kindIs = (kind: string) => ({ filter: `datum.kind === '${kind}'` });

function histogramLayers(measure: EffectMeasure, names: readonly string[]): Record<string, unknown>[] {
  return [
    {
      transform: [kindIs("bin")],
      mark: { type: "rect", opacity: 0.55 },
      encoding: {
        x: { field: "binStart", type: "quantitative", title: AXIS_TITLE[measure] },
        x2: { field: "binEnd" },
        y: { field: "share", type: "quantitative", title: "Share of simulated trials", stack: null, axis: { format: ".0%" } },
        color: sourceColour(names),
        tooltip: [{ field: "source", title: "run" }, numberTip("binStart", "from"), numberTip("binEnd", "to"), numberTip("count", "trials"), numberTip("share", "share")],
      },
    },
  ];
}

function quantileLayers(measure: EffectMeasure, names: readonly string[]): Record<string, unknown>[] {
  const y = { field: "source", type: "nominal", title: null };
  const tooltip = [numberTip("p025", "2.5%"), numberTip("p25", "25%"), numberTip("p50", "median"), numberTip("p75", "75%"), numberTip("p975", "97.5%")];
  return [
    { transform: [kindIs("quantiles")], mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x: { field: "p025", type: "quantitative", title: AXIS_TITLE[measure] }, x2: { field: "p975" }, y, color: sourceColour(names), tooltip } },
    { transform: [kindIs("quantiles")], mark: { type: "bar", size: 12, opacity: 0.6 }, encoding: { x: { field: "p25", type: "quantitative" }, x2: { field: "p75" }, y, color: sourceColour(names), tooltip } },
    { transform: [kindIs("quantiles")], mark: { type: "tick", size: 18, thickness: 2, color: OKABE_ITO.black }, encoding: { x: { field: "p50", type: "quantitative" }, y, tooltip } },
  ];
}

function publishedLayers(): Record<string, unknown>[] {
  return [
    { transform: [kindIs("published")], mark: { type: "rule", color: OKABE_ITO.vermillion, strokeWidth: 2, strokeDash: [5, 3] }, encoding: { x: { field: "published", type: "quantitative" }, tooltip: [numberTip("published", "published value")] } },
    { transform: [kindIs("published")], mark: { type: "text", color: OKABE_ITO.vermillion, align: "left", dx: 4, dy: -4, baseline: "bottom", y: 0 }, encoding: { x: { field: "published", type: "quantitative" }, text: { field: "label" } } },
  ];
}

/** Distribution of the estimated effect over simulated trials (a run or a forecast), faceted by comparison. */
export function effectDistribution(source: TrialsRun | ForecastResult, options: EffectDistributionOptions = {}): ChartSpec {
  const measure = options.measure ?? "g";
  const runs = runsOf(source);
  const names = runs.map((r) => r.name);
  const histogram = effectHistogramRows(runs, measure, options.bins ?? 40);
  const published = publishedRows(runs, options.published);
  const rows = [...(histogram.length ? histogram : effectQuantileRows(runs, measure)), ...published];
  const p = runs[0]!.run.provenance;
  const facts: CaptionFacts = {
    version: p.version,
    seed: p.seed,
    trials: p.trialsCompleted,
    ...(p.protocolId ? { protocolId: p.protocolId } : {}),
    ...(p.protocolHash ? { protocolHash: p.protocolHash } : {}),
    note: histogram.length ? "Histogram of every simulated trial's estimate (trials share one grid of bins)." : "Quantiles over simulated trials: rule 2.5-97.5%, bar 25-75%, tick median (the run kept no rows for a histogram).",
    ...options.caption,
  };
  const title = options.title ?? (measure === "g" ? "Standardized effect (Hedges' g) over simulated trials" : "Difference in mean change over simulated trials");
  return chart(title, facts, {
    data: { values: rows },
    facet: { row: { field: "comparison", type: "nominal", title: null, header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelFontWeight: "bold" } } },
    spec: { width: 480, height: histogram.length ? 200 : 60, layer: [...(histogram.length ? histogramLayers(measure, names) : quantileLayers(measure, names)), ...(published.length ? publishedLayers() : [])] },
  });
}
