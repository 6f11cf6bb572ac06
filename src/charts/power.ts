/**
 * Power over the number of participants per arm: each point's estimate with its Monte Carlo
 * interval as a band, the target power as a rule, and (from a sample-size search) the n chosen.
 */
import type { PowerPoint, SampleSizeResult } from "../trial/power-search.js";
import { OKABE_ITO, chart, numberTip, sig, type CaptionFacts, type ChartSpec } from "./spec.js";

/** Options of charts.powerCurve: the target power drawn as a rule, the title and caption facts. */
export interface PowerCurveOptions {
  /** Target power drawn as a rule (default: the search's target, else 0.8). */
  readonly targetPower?: number;
  readonly title?: string;
  /** Caption facts to add or override (the seed and trials come from the points). */
  readonly caption?: CaptionFacts;
}

/** One row of the chart's data per sample size, sorted by n. */
export function powerRows(points: readonly PowerPoint[]): Record<string, number>[] {
  return points
    .filter((p) => p.power.estimate !== null && p.power.mcse !== null)
    .sort((a, b) => a.nPerArm - b.nPerArm)
    .map((p) => ({ nPerArm: p.nPerArm, totalN: p.totalN, power: sig(p.power.estimate!), lower: sig(p.power.ci[0]), upper: sig(p.power.ci[1]), mcse: sig(p.power.mcse!), trials: p.power.trials }));
}

const isSearch = (s: readonly PowerPoint[] | SampleSizeResult): s is SampleSizeResult => !Array.isArray(s) && "evaluations" in s;

/** Colour legend shared by the layers: what the band, the line and the rules are. */
const SERIES = {
  band: "Monte Carlo interval (Wilson; 95% unless the design sets confLevel)",
  line: "Estimated power",
  target: "Target power",
  chosen: "n chosen (lower bound reaches target)",
} as const;
const seriesColour = {
  field: "series",
  type: "nominal",
  title: null,
  scale: { domain: Object.values(SERIES), range: [OKABE_ITO.skyBlue, OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen] },
} as const;

function powerLayers(target: number, chosenN: number | null): Record<string, unknown>[] {
  const x = { field: "nPerArm", type: "quantitative", title: "Participants per arm (n)", scale: { zero: false } };
  const tooltip = [numberTip("nPerArm", "n per arm"), numberTip("totalN", "total n"), numberTip("power", "power"), numberTip("lower", "interval lower"), numberTip("upper", "interval upper"), numberTip("mcse", "Monte Carlo SE"), numberTip("trials", "trials")];
  const layers: Record<string, unknown>[] = [
    { transform: [{ calculate: JSON.stringify(SERIES.band), as: "series" }], mark: { type: "area", opacity: 0.35 }, encoding: { x, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" }, color: seriesColour } },
    {
      transform: [{ calculate: JSON.stringify(SERIES.line), as: "series" }],
      mark: { type: "line", point: true },
      encoding: { x, y: { field: "power", type: "quantitative", title: "Power (share of trials succeeding)", scale: { domain: [0, 1] }, axis: { format: ".0%" } }, color: seriesColour, tooltip },
    },
    { data: { values: [{ target, series: SERIES.target }] }, mark: { type: "rule", strokeDash: [6, 4] }, encoding: { y: { field: "target", type: "quantitative" }, color: seriesColour, tooltip: [numberTip("target", "target power")] } },
  ];
  if (chosenN !== null) {
    layers.push({ data: { values: [{ chosenN, series: SERIES.chosen }] }, mark: { type: "rule", strokeDash: [2, 2] }, encoding: { x: { field: "chosenN", type: "quantitative" }, color: seriesColour, tooltip: [numberTip("chosenN", "n per arm chosen")] } });
  }
  return layers;
}

/** Power curve over n per arm, from powerCurve()'s points or a sampleSizeSearch() result. */
export function powerCurve(source: readonly PowerPoint[] | SampleSizeResult, options: PowerCurveOptions = {}): ChartSpec {
  const points = isSearch(source) ? source.evaluations : source;
  const target = options.targetPower ?? (isSearch(source) ? source.targetPower : 0.8);
  const chosenN = isSearch(source) ? source.nPerArm : null;
  const first = points[0];
  const facts: CaptionFacts = {
    ...(first ? { seed: first.provenanceSeed, trials: first.power.trials } : {}),
    note: "Every point uses the same seed (common random numbers; a nested curve analyses the same simulated trials at every size); trials per point as shown.",
    ...options.caption,
  };
  return chart(options.title ?? "Power by sample size", facts, {
    width: 480,
    height: 280,
    data: { values: powerRows(points) },
    layer: powerLayers(target, chosenN),
  });
}
