/**
 * The calibration, checked two ways: where each published figure falls among simulated trials
 * of its design (its percentile; a calibrated model puts them anywhere from 0 to 100, most
 * between 5 and 95), and the leave-one-trial-out forecasts (each trial forecast from the others,
 * as a 90% interval, against what it published).
 */
import { rejectPending } from "../errors.js";
import type { CalibrationSummary, FitRow, LeaveOneOutRow } from "../calibration/calibrate.js";
import { OKABE_ITO, SERIES_COLOURS, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/** Options of charts.calibrationFit and charts.leaveOneOut: the title and caption facts. */
export interface CalibrationChartOptions {
  readonly title?: string;
  readonly caption?: CaptionFacts;
}

const STATISTIC_LABEL: Readonly<Record<string, string>> = {
  "endpoint-mean": "Mean score",
  "endpoint-sd": "SD of score",
  "change-mean": "Mean change",
  "change-sd": "SD of change",
  response: "Responders",
  "loss-of-diagnosis": "Lost diagnosis",
};

/** The fit table as chart rows (one per published figure). */
export function fitRows(fit: readonly FitRow[]): Record<string, unknown>[] {
  return fit.map((f) => ({
    target: f.target,
    trial: f.trial,
    arm: f.arm,
    timepoint: f.timepoint,
    statistic: STATISTIC_LABEL[f.statistic] ?? f.statistic,
    published: sig(f.published),
    simulatedMean: sig(f.simulatedMean),
    p05: sig(f.p05),
    p95: sig(f.p95),
    percentile: f.percentile,
    inside: f.inside ? "within 5-95%" : "outside 5-95%",
  }));
}

function calibrationFacts(result: CalibrationSummary, note: string, extra: CaptionFacts | undefined): CaptionFacts {
  return { seed: result.seed, trials: result.settings.checkTrials, note, ...extra };
}

/** Each published figure's percentile among simulated trials of its design, by statistic and trial. */
export function calibrationFit(result: CalibrationSummary, options: CalibrationChartOptions = {}): ChartSpec {
  rejectPending(result, "calibration fit chart");
  const rows = fitRows(result.fit);
  const trials = [...new Set(rows.map((r) => r.trial as string))];
  const statistics = [...new Set(rows.map((r) => r.statistic as string))];
  const inside = result.fit.filter((f) => f.inside).length;
  const y = { field: "statistic", type: "nominal", title: "Published statistic", sort: statistics };
  const note = `${inside} of ${result.fit.length} figures within the simulated 5-95% range; each trial replicated with its own posterior effects, ${result.settings.checkTrials} simulated trials per figure.`;
  return chart(options.title ?? "Calibration: published figures among simulated trials", calibrationFacts(result, note, options.caption), {
    width: 480,
    height: { step: 12 },
    data: { values: rows },
    layer: [
      { data: { values: [{ lo: 5, hi: 95 }] }, mark: { type: "rect", color: OKABE_ITO.grey, opacity: 0.15 }, encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
      { data: { values: [{ at: 50 }] }, mark: { type: "rule", color: OKABE_ITO.grey, strokeDash: [4, 4] }, encoding: { x: { field: "at", type: "quantitative" } } },
      {
        mark: { type: "point", filled: true, size: 50 },
        encoding: {
          x: { field: "percentile", type: "quantitative", title: "Percentile of the published figure among simulated trials (%)", scale: { domain: [0, 100] } },
          y,
          yOffset: { field: "trial", type: "nominal", sort: trials },
          color: { field: "trial", type: "nominal", title: "Trial", scale: { domain: trials, range: SERIES_COLOURS.slice(0, Math.max(1, trials.length)) } },
          shape: { field: "inside", type: "nominal", title: null, scale: { domain: ["within 5-95%", "outside 5-95%"], range: ["circle", "cross"] } },
          tooltip: [{ field: "target", title: "figure" }, numberTip("published", "published"), numberTip("simulatedMean", "simulated mean"), numberTip("p05", "simulated 5%"), numberTip("p95", "simulated 95%"), numberTip("percentile", "percentile")],
        },
      },
    ],
  });
}

/** Which scale a leave-one-out row is on: the difference in scale points, or a responder share. */
export function leaveOneOutMeasure(row: LeaveOneOutRow & { readonly measure?: string }): "difference" | "response" {
  if (row.measure === "difference" || row.measure === "response") return row.measure;
  return /responders|response/i.test(row.result) ? "response" : "difference";
}

const LOO_PANELS = [
  { measure: "difference", title: "Treated − control, mean score (points)", format: "~g" },
  { measure: "response", title: "Share of responders", format: ".0%" },
] as const;

function leaveOneOutPanel(rows: readonly Record<string, unknown>[], panel: (typeof LOO_PANELS)[number]): Record<string, unknown> {
  const y = { field: "row", type: "nominal", title: null, sort: null };
  const x = { field: "forecastMedian", type: "quantitative", title: panel.title, axis: { format: panel.format } };
  const tooltip = [{ field: "row", title: "result" }, numberTip("published", "published"), numberTip("forecastMedian", "forecast median"), numberTip("p05", "forecast 5%"), numberTip("p95", "forecast 95%"), numberTip("percentile", "percentile")];
  return {
    width: 420,
    height: { step: 22 },
    data: { values: rows.filter((r) => r.measure === panel.measure) },
    layer: [
      { mark: { type: "rule", strokeWidth: 2, color: OKABE_ITO.blue }, encoding: { x: { field: "p05", type: "quantitative", title: panel.title }, x2: { field: "p95" }, y, tooltip } },
      { mark: { type: "tick", thickness: 2, size: 14, color: OKABE_ITO.blue }, encoding: { x, y, tooltip } },
      { mark: { type: "point", shape: "diamond", filled: true, size: 80, color: OKABE_ITO.vermillion }, encoding: { x: { field: "published", type: "quantitative", title: panel.title }, y, tooltip } },
    ],
  };
}

/** Leave-one-trial-out forecasts (median and 90% interval) against each trial's published result. */
export function leaveOneOut(result: CalibrationSummary, options: CalibrationChartOptions = {}): ChartSpec {
  rejectPending(result, "leave-one-out chart");
  const rows = result.leaveOneOut.map((r) => ({ row: `${r.trial}: ${r.result}`, measure: leaveOneOutMeasure(r), published: sig(r.published), forecastMedian: sig(r.forecastMedian), p05: sig(r.p05), p95: sig(r.p95), percentile: r.percentile }));
  const inside = result.leaveOneOut.filter((r) => r.inside).length;
  const note = `Blue: each trial forecast from the others (tick median, line 90% interval); red diamond: what it published. ${inside} of ${result.leaveOneOut.length} inside.`;
  const panels = LOO_PANELS.filter((p) => rows.some((r) => r.measure === p.measure)).map((p) => leaveOneOutPanel(rows, p));
  return chart(options.title ?? "Calibration: leave-one-trial-out forecasts", calibrationFacts(result, note, options.caption), {
    vconcat: panels.length ? panels : [leaveOneOutPanel(rows, LOO_PANELS[0])],
    spacing: 16,
  });
}
