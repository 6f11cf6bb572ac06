/**
 * Charts of results as Vega-Lite v5 specifications: plain JSON with the data inline, a
 * colour-blind-safe palette, axis titles with units and a caption with the seed and version.
 * Browser-safe; no renderer is imported (render to SVG with `renderSvg` from mdma-trial-sim/node,
 * or display in a notebook: every chart shows itself as `application/vnd.vegalite.v5+json`).
 * Meant to be exported as the `charts` namespace: `charts.powerCurve(points)`.
 */
export { powerCurve, powerRows } from "./power.js";
export type { PowerCurveOptions } from "./power.js";
export { effectDistribution, effectHistogramRows, effectQuantileRows } from "./effects.js";
export type { EffectDistributionOptions, EffectMeasure } from "./effects.js";
export { trajectories, visitSummaries } from "./trajectories.js";
export type { TrajectoriesOptions, TrajectorySource, VisitSummary } from "./trajectories.js";
export { sessionChart as session, describeSessionEvent } from "./session.js";
export type { SessionChartOptions } from "./session.js";
export { calibrationFit, leaveOneOut } from "./calibration.js";
export type { CalibrationChartOptions } from "./calibration.js";
export { checkChart as check, checkFigures } from "./check.js";
export type { CheckFigure, CheckQuantity } from "./check.js";
export { chartsFor, CHART_KINDS } from "./all.js";
export type { ChartKind, ChartSources, ChartsForOptions } from "./all.js";
export { captionLines, chartTitle, displayable, OKABE_ITO, VEGA_LITE_SCHEMA, VEGA_LITE_MIME } from "./spec.js";
export type { CaptionFacts, ChartSpec, NamedChart } from "./spec.js";
